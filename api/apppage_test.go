package api_test

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// Ensure GET /v1/applications pages as the certificate list does: limit
// (1 to 1000, 50 by default) and cursor, meta.next_cursor and a Link to
// the next page, the pages together the whole list in its order (oldest
// first) with no application twice; and a bad limit or cursor is refused
// as the certificate list refuses it (400 invalid, naming the parameter).
func TestApplicationIndex_Pages(t *testing.T) {
	st := newSeededStack(t)
	var want []string
	for _, serial := range []string{"GEC-PAGE-1", "GEC-PAGE-2", "GEC-PAGE-3", "GEC-PAGE-4", "GEC-PAGE-5"} {
		want = append(want, st.apply(t, st.submit(t, serial)))
	}
	type page struct {
		Data []appData `json:"data"`
		Meta struct {
			NextCursor string `json:"next_cursor"`
			Count      int    `json:"count"`
		} `json:"meta"`
	}
	list := func(query string) (page, string) {
		t.Helper()
		rec := st.do(t, request{method: "GET", target: "/v1/applications?" + query, as: asCert})
		var p page
		if rec.Code != 200 {
			t.Fatalf("%s: status %d: %s", query, rec.Code, rec.Body)
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
			t.Fatal(err)
		}
		return p, rec.Header().Get("Link")
	}
	all, _ := list("")
	var ids []string
	for _, a := range all.Data {
		ids = append(ids, a.ID)
	}
	if !slices.Equal(ids, want) || all.Meta.NextCursor != "" {
		t.Fatalf("the whole list %v (next %q), want %v", ids, all.Meta.NextCursor, want)
	}
	for _, q := range []string{"limit=2", "limit=2&status=pending"} {
		var got []string
		query := q
		for n := 0; ; n++ {
			p, link := list(query)
			if p.Meta.Count != len(p.Data) || len(p.Data) > 2 || n > 3 {
				t.Fatalf("%s: page %d of %d applications, count %d", query, n, len(p.Data), p.Meta.Count)
			}
			for _, a := range p.Data {
				got = append(got, a.ID)
			}
			if p.Meta.NextCursor == "" {
				if link != "" {
					t.Errorf("%s: a last page links to %s", query, link)
				}
				break
			}
			query = q + "&cursor=" + url.QueryEscape(p.Meta.NextCursor)
			if !strings.Contains(link, "cursor="+url.QueryEscape(p.Meta.NextCursor)) || !strings.Contains(link, `rel="next"`) {
				t.Errorf("%s: Link %q does not lead to the next page", q, link)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: pages %v, want %v", q, got, want)
		}
	}
	for _, q := range []string{"limit=-1", "limit=1001", "limit=two", "cursor=not-a-cursor", "cursor=" + strings.Repeat("A", 40)} {
		field, _, _ := strings.Cut(q, "=")
		for _, target := range []string{"/v1/applications?", "/v1/certificates?"} {
			e := MustError(t, st.do(t, request{method: "GET", target: target + q, as: asCert}), 400, "invalid")
			if e.Error.Field != field {
				t.Errorf("%s%s: %+v, want field %s", target, q, e.Error, field)
			}
		}
	}
}
