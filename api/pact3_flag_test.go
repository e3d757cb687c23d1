package api_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
)

// Ensure a certificate issued on a supplier PACT footprint whose stored
// document today's checks refuse is flagged as one whose supplier
// footprint changed: a fetched one whose figure's member is given again in
// another case (which the periodic re-read passes over, as it has no
// figure to compare with its host's) and an uploaded one stated by the CCU
// credit approach (no host to ask), each stored before the check. Its JSON
// (holder, certifier, regulator) carries supplier_footprint_change naming
// the line and the check, in both languages; the flagged queue lists it;
// the certifier's workbench shows it; the public verification says
// nothing of the supplier (supplier lists are private). A certificate on
// the same footprint as another owner stored it, which passes, is not
// flagged. Before, both stayed valid and unflagged.
func TestPACT3_RefusedFootprintFlagsCertificates(t *testing.T) {
	const fetched, uploaded = "7f2e8c90-3f4b-4c6d-9e0f-1a2b3c4d5e81", "69000081-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	doc := supplierDocV2(fetched, 1, "4.2")
	_, ts := newWatchedHost(t, fetched, doc)
	st := newSeededStack(t)
	st.fetchFrom(t, ts, "frames", fetched)
	sound := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.supplierStudy(t, "GEC-PACT3-W1", "pact:"+fetched)), "")), 201).CertificateID
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/pact/endpoints", as: asOther, contentType: "application/json",
		body: []byte(`{"name":"frames","url":"` + ts.URL + `","client_id":"other","client_secret":"s3cret"}`)}), 201)
	MustData[any](t, st.fetchPACT(t, asOther, "frames", fetched), 201)
	_, app := st.applyAsOther(t, studyWithSupplierLine(t, "GEC-PACT3-W2", "pact:"+fetched, "kg"))
	onFetched := MustData[issueData](t, st.do(t, st.issueReq(t, app, "")), 201).CertificateID

	credit := rt69Credit3(uploaded, "0.5")
	st.storeSupplierDoc(t, bytes.Replace(credit, []byte(`"Credit","ccuCreditCertification":"https://registry.example/ccu/77"`), []byte(`"Cut-off"`), 1))
	onUploaded := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.supplierStudy(t, "GEC-PACT3-U1", "pact:"+uploaded)), "")), 201).CertificateID

	twice := bytes.Replace(doc, []byte(`"pCfExcludingBiogenic":"4.2"`), []byte(`"pCfExcludingBiogenic":"4.2","PCfExcludingBiogenic":"42.0"`), 1)
	if bytes.Equal(twice, doc) {
		t.Fatal("the test document did not change")
	}
	pact2StoreBefore(t, st, fetched, twice, orgMaker2)
	pact2StoreBefore(t, st, uploaded, credit)
	if res, err := st.srv.RecheckPACTHosts(context.Background()); err != nil || res.Errors != 0 {
		t.Fatalf("RecheckPACTHosts: %+v, %v; want no error", res, err)
	}

	type change struct {
		ID     string `json:"id"`
		Change *struct {
			Field, Message string
		} `json:"supplier_footprint_change"`
	}
	for _, tc := range []struct {
		name, cert, holder, ref string
		want                    []string
	}{
		{"fetched", onFetched, asOther, "pact:" + fetched, []string{"PCfExcludingBiogenic"}},
		{"uploaded", onUploaded, asMaker, "pact:" + uploaded, []string{`ccuCalculationApproach "Credit"`, "CCU 抵扣法", "cut-off approach"}},
	} {
		for _, as := range []string{asReg, asCert, tc.holder} {
			c := MustData[change](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + tc.cert, as: as}), 200)
			want := append([]string{tc.ref, "不能据此申请或签发证书", "no certificate is applied for or issued on it"}, tc.want...)
			if c.Change == nil || !strings.HasSuffix(c.Change.Field, ".supplier") {
				t.Errorf("%s, as %s: %+v, want supplier_footprint_change naming the line", tc.name, as, c.Change)
				continue
			}
			for _, w := range want {
				if !strings.Contains(c.Change.Message, w) {
					t.Errorf("%s, as %s: %q lacks %q", tc.name, as, c.Change.Message, w)
				}
			}
		}
		v := st.do(t, request{method: "GET", target: "/v1/certificates/" + tc.cert + "/verify"})
		if b := v.Body.String(); v.Code != 200 || strings.Contains(b, strings.TrimPrefix(tc.ref, "pact:")) || strings.Contains(b, "supplier_footprint_change") || !strings.Contains(b, `"status":"valid"`) {
			t.Errorf("%s: public verification %d %.300s, want valid and no word of the supplier", tc.name, v.Code, b)
		}
	}
	queue := map[string]bool{}
	for _, c := range MustData[[]change](t, st.do(t, request{method: "GET", target: "/v1/certificates?flagged=true", as: asReg}), 200) {
		queue[c.ID] = true
	}
	if !queue[onFetched] || !queue[onUploaded] || queue[sound] {
		t.Errorf("flagged queue %v: want %s and %s, not %s", queue, onFetched, onUploaded, sound)
	}
	if c := MustData[change](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + sound, as: asReg}), 200); c.Change != nil {
		t.Errorf("the certificate on the footprint as it passes: %+v, want no change", c.Change)
	}
	mustWorkPage(t, st.signedIn(t, asCert).get("/work/certificates/"+onUploaded), http.StatusOK, `id="pact-change"`, "pact:"+uploaded, "CCU", "no longer passes the service's checks", "已不能通过本服务现行的检查")
}
