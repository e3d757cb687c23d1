package api_test

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// This suite checks, against a TLS test server, the behaviours that
// ../shared/reference/pact.md §4 lists as those implementations commonly
// get wrong, one subtest each, named by its number there, and what the
// official WBCSD conformance tool (wbcsd/pact-conformance-service) found
// wrong when it was run (scripts/pact-conformance.sh, docs/pact.md
// "Conformance"; CI cannot run the tool, this suite runs everywhere).
func TestPACTConformance(t *testing.T) {
	h := newPACTHost(t)
	spec := MustPACTSpec(t)
	tok := h.token(t)
	host := strings.TrimPrefix(h.ts.URL, "https://")

	t.Run("1 HTTPS only: plain HTTP to the same host and port does not succeed", func(t *testing.T) {
		for _, path := range []string{"/auth/token", "/2/footprints", "/3/footprints"} {
			req, _ := http.NewRequest("GET", "http://"+host+path, nil)
			req.Header.Set("Authorization", "Bearer "+tok)
			resp, err := (&http.Client{Timeout: 5 * time.Second}).Do(req)
			if err != nil {
				continue // no answer at all: fine
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode < 400 || strings.Contains(string(body), `"data"`) {
				t.Fatalf("%s over plain HTTP: %d %s", path, resp.StatusCode, body)
			}
		}
	})

	t.Run("2 Link: absolute URL on the client's scheme, host and port; pages never exceed limit", func(t *testing.T) {
		for _, v := range []string{"2", "3"} {
			next := h.ts.URL + "/" + v + "/footprints?limit=1"
			var seen []string
			for pages := 0; next != ""; pages++ {
				if pages > 10 {
					t.Fatal("pagination does not end")
				}
				status, hdr, body := h.get(t, tok, next)
				if status != 200 {
					t.Fatalf("v%s %s: %d %s", v, next, status, body)
				}
				got := ids(t, body)
				if len(got) > 1 {
					t.Fatalf("v%s: %d footprints on a page of limit 1", v, len(got))
				}
				seen = append(seen, got...)
				next = ""
				for _, l := range strings.Split(hdr.Get("Link"), ", ") {
					m := regexp.MustCompile(`^<([^>]+)>; rel="next"$`).FindStringSubmatch(l)
					if m == nil {
						continue
					}
					u, err := url.Parse(m[1])
					if err != nil || u.Scheme != "https" || u.Host != host {
						t.Fatalf("v%s: next link %q, want https://%s/…", v, m[1], host)
					}
					next = m[1]
				}
			}
			want := map[string][]string{"2": h.want("A", "B", "C", "F"), "3": h.want("A", "B", "C", "D", "F")}[v]
			slices.Sort(seen)
			if !slices.Equal(seen, want) {
				t.Fatalf("v%s: pages gave %v, want %v", v, seen, want)
			}
		}
	})

	t.Run("3 events as application/cloudevents+json; charset=UTF-8 are read", func(t *testing.T) {
		for v, typ := range map[string]string{"2": "org.wbcsd.pathfinder.ProductFootprint.Published.v1", "3": "org.wbcsd.pact.ProductFootprint.PublishedEvent.3"} {
			status, _, body := h.post(t, tok, "/"+v+"/events", "application/cloudevents+json; charset=UTF-8", cloudEvent(typ, "c3-"+v, "//buyer.test", `{"pfIds":["`+h.certs["A"]+`"]}`))
			if status != 200 || len(body) != 0 {
				t.Fatalf("v%s: %d %q, want 200 with an empty body", v, status, body)
			}
		}
	})

	t.Run("4 authentication with a Host header without a port", func(t *testing.T) {
		req := tokenRequest(h.ts.URL+"/auth/token", h.partner)
		req.Host, _, _ = net.SplitHostPort(host)
		status, _, body := h.send(t, req)
		if status != 200 || !strings.Contains(string(body), "access_token") {
			t.Fatalf("%d %s", status, body)
		}
	})

	t.Run("5 invalid token BadRequest (400 in v2, 401 in v3)", func(t *testing.T) {
		for v, want := range map[int]int{2: 400, 3: 401} {
			body := h.getError(t, "not-a-token", pactRoot(v)+"/footprints/"+h.certs["A"], want, "BadRequest")
			MustValidateJSON(t, spec[v].errorBody, body)
		}
	})

	t.Run("6 Published with an unknown UUID is 200, a non-UUID pfId 400", func(t *testing.T) {
		for v, typ := range map[string]string{"2": "org.wbcsd.pathfinder.ProductFootprint.Published.v1", "3": "org.wbcsd.pact.ProductFootprint.PublishedEvent.3"} {
			status, _, body := h.post(t, tok, "/"+v+"/events", ceType, cloudEvent(typ, "c6a-"+v, "//buyer.test", `{"pfIds":["0f8fad5b-d9cb-469f-a165-70867728950e"]}`))
			if status != 200 {
				t.Fatalf("v%s unknown UUID: %d %s", v, status, body)
			}
			status, hdr, body := h.post(t, tok, "/"+v+"/events", ceType, cloudEvent(typ, "c6b-"+v, "//buyer.test", `{"pfIds":["urn:pact:x"]}`))
			mustPACTError(t, status, hdr, body, 400, "BadRequest")
		}
	})

	t.Run("6 RequestCreated: 200 at once, then the answer to {source}/auth/token and {source}/3/events naming the request", func(t *testing.T) {
		status, _, body := h.post(t, tok, "/3/events", ceType, cloudEvent("org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3", "c6c", h.peer.ts.URL, `{"status":"Deprecated"}`))
		if status != 200 || len(body) != 0 {
			t.Fatalf("%d %q", status, body)
		}
		got := h.peer.next(t) // the peer answers a token only for Basic credentials
		var ev struct {
			Type string
			Data struct {
				RequestEventID string `json:"requestEventId"`
				Pfs            []struct{ ID, Status string }
			}
		}
		if err := json.Unmarshal(got.body, &ev); err != nil {
			t.Fatal(err)
		}
		MustValidateJSON(t, spec[3].fulfilled, got.body)
		var pfs []string
		for _, pf := range ev.Data.Pfs {
			if pf.Status != "Deprecated" {
				t.Fatalf("answer holds %s footprint %s", pf.Status, pf.ID)
			}
			pfs = append(pfs, pf.ID)
		}
		slices.Sort(pfs)
		if got.path != "/3/events" || ev.Data.RequestEventID != "c6c" || !slices.Equal(pfs, h.want("B", "F")) {
			t.Fatalf("answer at %s: %+v", got.path, ev)
		}
	})

	t.Run("7 v3 filters: an empty parameter does not filter, no match is 200 with no data", func(t *testing.T) {
		_, _, all := h.get(t, tok, "/3/footprints")
		_, _, empty := h.get(t, tok, "/3/footprints?geography=&productId=")
		if !slices.Equal(ids(t, all), ids(t, empty)) {
			t.Fatalf("empty parameters filtered: %v vs %v", ids(t, empty), ids(t, all))
		}
		for _, q := range []string{"status=Unknown", "productId=urn:pact:nothing", "geography=FR", "validOn=1999-01-01T00:00:00Z"} {
			status, _, body := h.get(t, tok, "/3/footprints?"+q)
			if status != 200 || strings.TrimSpace(string(body)) != `{"data":[]}` {
				t.Fatalf("%s: %d %s, want 200 {\"data\":[]}", q, status, body)
			}
		}
	})

	t.Run("8 every footprint satisfies its own filters", func(t *testing.T) {
		_, _, body := h.get(t, tok, "/3/footprints")
		var list struct {
			Data []struct {
				ID                     string   `json:"id"`
				Status                 string   `json:"status"`
				CompanyIDs             []string `json:"companyIds"`
				ProductIDs             []string `json:"productIds"`
				ProductClassifications []string `json:"productClassifications"`
				ValidityPeriodStart    string   `json:"validityPeriodStart"`
				ValidityPeriodEnd      string   `json:"validityPeriodEnd"`
				PCF                    struct {
					GeographyCountry            string `json:"geographyCountry"`
					GeographyCountrySubdivision string `json:"geographyCountrySubdivision"`
					ReferencePeriodEnd          string `json:"referencePeriodEnd"`
				} `json:"pcf"`
			} `json:"data"`
		}
		if err := json.Unmarshal(body, &list); err != nil || len(list.Data) == 0 {
			t.Fatalf("%s: %v", truncateBody(body), err)
		}
		for _, f := range list.Data {
			start, end := f.ValidityPeriodStart, f.ValidityPeriodEnd
			if start == "" {
				re, _ := time.Parse(time.RFC3339, f.PCF.ReferencePeriodEnd)
				start, end = re.Format(time.RFC3339), re.AddDate(3, 0, 0).Format(time.RFC3339)
			}
			s, _ := time.Parse(time.RFC3339, start)
			e, _ := time.Parse(time.RFC3339, end)
			mid := s.Add(e.Sub(s) / 2).UTC().Format(time.RFC3339)
			geo := f.PCF.GeographyCountry + f.PCF.GeographyCountrySubdivision
			q := url.Values{"productId": {f.ProductIDs[0]}, "companyId": {f.CompanyIDs[0]}, "geography": {geo},
				"classification": {f.ProductClassifications[0]}, "validOn": {mid}, "status": {f.Status}}
			_, _, got := h.get(t, tok, "/3/footprints?"+q.Encode())
			if !slices.Contains(ids(t, got), f.ID) {
				t.Fatalf("footprint %s is not found by its own filters %s", f.ID, q.Encode())
			}
			// v2: its product id, country and CPC.
			filter := "productIds/any(p:(p eq '" + f.ProductIDs[0] + "'))"
			if f.PCF.GeographyCountry != "" {
				filter += " and pcf/geographyCountry eq '" + f.PCF.GeographyCountry + "'"
			}
			status, _, got2 := h.get(t, tok, "/2/footprints?$filter="+url.QueryEscape(filter))
			if status != 200 {
				t.Fatalf("v2 %s: %d %s", filter, status, got2)
			}
			if f.ID != h.certs["D"] && !slices.Contains(ids(t, got2), f.ID) { // D has no v2 form
				t.Fatalf("v2: footprint %s is not found by %s", f.ID, filter)
			}
		}
	})

	// The WBCSD conformance tool writes a footprint's own ids into the
	// query string as they are (tests 20, 21, 28 and 29 of v3), without
	// encoding the '%' of their percent-escapes: the server decodes
	// "Demo%20Module%20Co." to "Demo Module Co.". Such a value still finds
	// the footprint it came from, and only the footprints with that id.
	t.Run("8 an id written into the query unencoded finds its footprint", func(t *testing.T) {
		_, _, body := h.get(t, tok, "/3/footprints/"+h.certs["A"])
		var a struct {
			Data struct {
				ProductIDs []string `json:"productIds"`
				CompanyIDs []string `json:"companyIds"`
			} `json:"data"`
		}
		if err := json.Unmarshal(body, &a); err != nil {
			t.Fatal(err)
		}
		pid, cid := a.Data.ProductIDs[0], a.Data.CompanyIDs[0]
		if !strings.Contains(pid, "%20") || !strings.Contains(cid, "%20") {
			t.Fatalf("the test wants ids with escapes: %s %s", pid, cid)
		}
		_, _, all := h.get(t, tok, "/3/footprints")
		for _, tt := range []struct {
			query string
			want  []string
		}{
			{"productId=" + pid, h.want("A")},
			{"status=Active&productId=" + pid, h.want("A")},
			{"companyId=" + cid, ids(t, all)}, // every certificate of the test has the same holder
			{"companyId=" + cid + "&companyId=hZAqRloF&companyId=MqBiqRuC", ids(t, all)},
			{"productId=" + strings.ReplaceAll(pid, "MOD-A", "MOD-X"), nil},
		} {
			status, _, got := h.get(t, tok, "/3/footprints?"+tt.query)
			if status != 200 {
				t.Fatalf("%s: %d %s", tt.query, status, got)
			}
			if g := ids(t, got); !slices.Equal(g, tt.want) {
				t.Fatalf("%s: %v, want %v", tt.query, g, tt.want)
			}
		}
		filter := "productIds/any(p:(p eq '" + strings.ReplaceAll(pid, "%20", " ") + "'))"
		if _, _, got := h.get(t, tok, "/2/footprints?$filter="+url.QueryEscape(filter)); !slices.Equal(ids(t, got), h.want("A")) {
			t.Fatalf("v2 %s: %v", filter, ids(t, got))
		}
	})
}

// Ensure the v2 lists answer on demo data: a certificate of the demo study
// (HS codes only, no CPC) has no v2 form until its holder declares its
// product's CPC code, once; then it is listed in v2, valid against the
// official schema, saying the code is the holder's statement, while its v3
// form does not change; the v3 form carries the data-quality indicators.
func TestPACT_DemoInV2(t *testing.T) {
	h := newPACTHost(t)
	spec := MustPACTSpec(t)
	tok := h.token(t)
	d := h.certs["D"] // the demo study without a CPC code
	_, _, v3before := h.get(t, tok, "/3/footprints/"+d)
	h.getError(t, tok, "/2/footprints/"+d, 404, "NoSuchFootprint")
	if _, _, list := h.get(t, tok, "/2/footprints"); slices.Contains(ids(t, list), d) {
		t.Fatal("listed in v2 before a CPC code is declared")
	}
	cpc := "/v1/certificates/" + d + "/pact/cpc"
	put := func(as, body string) int {
		return h.st.do(t, request{method: "PUT", target: cpc, as: as, contentType: "application/json", body: []byte(body)}).Code
	}
	for _, tt := range []struct {
		as, body string
		want     int
	}{
		{asOther, `{"cpc":"46"}`, 404}, // not the holder
		{asMaker, `{"cpc":"4x"}`, 400},
		{asMaker, `{"cpc":""}`, 400},
		{asMaker, `{"cpc":"46"}`, 201},
		{asMaker, `{"cpc":"46"}`, 200},
		{asMaker, `{"cpc":"47"}`, 409}, // once declared, fixed
	} {
		if got := put(tt.as, tt.body); got != tt.want {
			t.Fatalf("PUT %s as %s: %d, want %d", tt.body, tt.as, got, tt.want)
		}
	}
	if got := h.st.do(t, request{method: "PUT", target: "/v1/certificates/" + h.certs["A"] + "/pact/cpc", as: asMaker, contentType: "application/json", body: []byte(`{"cpc":"47"}`)}).Code; got != 400 {
		t.Fatalf("a certificate with its own CPC code: %d, want 400", got)
	}
	status, _, body := h.get(t, tok, "/2/footprints/"+d)
	if status != 200 {
		t.Fatalf("v2 after the declaration: %d %s", status, body)
	}
	MustValidateJSON(t, spec[2].get, body)
	var v2 struct {
		Data struct {
			ProductCategoryCpc string `json:"productCategoryCpc"`
			Comment            string `json:"comment"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &v2); err != nil || v2.Data.ProductCategoryCpc != "46" || !strings.Contains(v2.Data.Comment, "declared by the holder") {
		t.Fatalf("v2 footprint %s", truncateBody(body))
	}
	_, _, list := h.get(t, tok, "/2/footprints?$filter="+url.QueryEscape("productCategoryCpc eq '46'"))
	if !slices.Contains(ids(t, list), d) {
		t.Fatal("not found by its declared CPC code")
	}
	if _, _, v3 := h.get(t, tok, "/3/footprints/"+d); string(v3) != string(v3before) {
		t.Fatalf("the v3 footprint changed:\n%s\n%s", v3before, v3)
	}
	var v3 struct {
		Data struct {
			PCF struct {
				DQI map[string]string `json:"dqi"`
			} `json:"pcf"`
		} `json:"data"`
	}
	if err := json.Unmarshal(v3before, &v3); err != nil || len(v3.Data.PCF.DQI) != 3 {
		t.Fatalf("v3 dqi: %s", truncateBody(v3before))
	}
}
