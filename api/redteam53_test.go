package api_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// rt53Cert is a certificate row of the review (suppliers, supersedes).
type rt53Cert struct {
	Number          string   `json:"number"`
	Status          string   `json:"status"`
	PrimarySharePct *float64 `json:"primary_data_share_pct"`
	KeyAlerts       []struct {
		Code, Key string
	} `json:"key_alerts"`
}

// rt53Review is the review of an application, with its certificate rows.
type rt53Review struct {
	Review struct {
		Digest     string          `json:"digest"`
		Warnings   []reviewWarning `json:"warnings"`
		Suppliers  []rt53Cert      `json:"suppliers"`
		Supersedes *rt53Cert       `json:"supersedes"`
		PACT       []struct {
			Ref             string   `json:"ref"`
			UploadedBy      string   `json:"uploaded_by"`
			PrimarySharePct *float64 `json:"primary_data_share_pct"`
		} `json:"pact_footprints"`
	} `json:"review"`
}

func (st *stack) rt53Review(t *testing.T, app string) rt53Review {
	t.Helper()
	return MustData[rt53Review](t, st.do(t, request{method: "GET", target: "/v1/applications/" + app, as: asCert}), 200)
}

// rt53Warned reports whether review v warns at a path ending in suffix,
// naming each of words in its English or its Chinese, with both.
func rt53Warned(v rt53Review, suffix string, words ...string) bool {
	return slices.ContainsFunc(v.Review.Warnings, func(w reviewWarning) bool {
		if !strings.HasSuffix(w.Path, suffix) || w.Message == "" || w.MessageZH == "" {
			return false
		}
		for _, word := range words {
			if !strings.Contains(w.Message+"\n"+w.MessageZH, word) {
				return false
			}
		}
		return true
	})
}

// Ensure the certifier's review says when a supplier certificate's record
// fails the service's own signature check (red team 53). A study stored
// before the record was edited reached the review, whose supplier row read
// "valid" with no word of it: the certifier learnt of it only from a
// refusal.
func TestRedteam53_ReviewSaysTheSupplierFailsItsSignature(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	_, buyer := st.applyAsOther(t, buyerStudy(t, "GEC-RT53-B", fx.number))
	if v := st.rt53Review(t, buyer); len(v.Review.Suppliers) != 1 || v.Review.Suppliers[0].Status != "valid" || rt53Warned(v, ".supplier", fx.number, "signature") {
		t.Fatalf("control: review %+v, want the supplier valid and no warning on its line", v.Review)
	} else if p := v.Review.Suppliers[0].PrimarySharePct; p == nil {
		t.Errorf("review's supplier row %+v: no primary_data_share_pct, by which the study's printed share counts its line", v.Review.Suppliers[0])
	}
	// The record no longer verifies against the keys the service holds
	// (as for a record edited in the file, or its key lost).
	st.srv.KeyService = otherKeys{st.srv.KeyService, footprinttest.Key(t, "redteam53 other key", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)).PublicKey()}
	v := st.rt53Review(t, buyer)
	if len(v.Review.Suppliers) != 1 || v.Review.Suppliers[0].Status != "signature_invalid" {
		t.Errorf("review's suppliers %+v, want %s as signature_invalid", v.Review.Suppliers, fx.number)
	}
	if !rt53Warned(v, ".supplier", fx.number, "signature check", "签名未通过验证") {
		t.Errorf("review warnings %+v, want one on the supplier line naming %s and its signature, in both languages", v.Review.Warnings, fx.number)
	}
}

// Ensure the review's lineage rows carry key alerts as its supplier rows do
// (red team 53): a certificate the application supersedes, or a peer (the
// holder's valid certificate of another model of the product), issued
// with an API key no former key of its certification body vouched for read
// plainly "valid" in the review, while its verification marks it.
func TestRedteam53_LineageRowsCarryKeyAlerts(t *testing.T) {
	st := newSeededStack(t)
	app := rt49ApplyAtCert2(t, st, "GEC-RT53-L0")
	st.mustDo(t, request{method: "DELETE", target: "/v1/admin/keys/" + strings.Split(st.tokens[asCert2], "_")[1], as: asAdmin})
	recovery, token := st.mintCertKey(t, orgCert2)
	st.tokens[asCert2] = token
	// The holder's study of another model, its electricity a thirtieth of
	// the first's (far below it), at orgCertifier: the peer is named.
	first := MustData[appData](t, st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
		body: []byte(`{"study_id":"` + st.submitPV(t, "GEC-RT53-L1", 30, nil) + `","certifier":"` + orgCert2 + `"}`)}), 201).ID
	peer := rt49IssueAtCert2(t, st, first)
	issued := rt49IssueAtCert2(t, st, app)

	v := st.rt53Review(t, st.apply(t, st.submitPV(t, "GEC-RT53-L2", 1, nil)))
	if !rt53Warned(v, "product.model", peer.Number, "issuing key not vouched for", "签发密钥未经机构担保") {
		t.Errorf("review warnings %+v, want the peer %s worded as valid with an unvouched issuing key, in both languages", v.Review.Warnings, peer.Number)
	}

	sameModel := func(doc map[string]any) { doc["product"].(map[string]any)["model"] = demoModel("GEC-RT53-L0") }
	successor := st.applySuperseding(t, st.submitPV(t, "GEC-RT53-L3", 1, sameModel), issued.CertificateID)
	v = st.rt53Review(t, successor)
	if s := v.Review.Supersedes; s == nil || len(s.KeyAlerts) != 1 || s.KeyAlerts[0].Code != "issuing_key_unvouched" || s.KeyAlerts[0].Key != recovery.ID {
		t.Errorf("review's supersedes %+v, want %s with issuing_key_unvouched naming %s", s, issued.Number, recovery.ID)
	}
	if !rt53Warned(v, "supersedes", issued.Number, recovery.ID, "未经其认证机构") {
		t.Errorf("review warnings %+v, want one on supersedes naming %s and key %s, in both languages", v.Review.Warnings, issued.Number, recovery.ID)
	}
	// The workbench's review page words the row as its verification does.
	if body := st.signedIn(t, asCert).get("/work/applications/" + successor).Body.String(); !strings.Contains(body, "有效(签发密钥未经机构担保) Valid on record (issuing key not vouched for)") {
		t.Errorf("workbench review page of %s: the superseded certificate %s is not worded as issued with an unvouched key", successor, issued.Number)
	}
}

// Ensure the review warns of an electricity or transport line flagged
// primary that takes its emission factor from the factor set (red team
// 53): the primary-data share counted it in full with no word, though
// primary data rest on both the activity data and a specific emission
// factor (PACT primaryDataShare); red team 20 warned for BOM and packaging
// lines only.
func TestRedteam53_PrimaryFlagOnEnergyAndTransportLines(t *testing.T) {
	st := newSeededStack(t)
	plain := st.rt53Review(t, st.apply(t, st.submitPV(t, "GEC-RT53-P0", 1, nil)))
	if rt53Warned(plain, "electricity[0]") || rt53Warned(plain, "transport[0]") {
		t.Fatalf("control: warnings %+v on lines not flagged primary", plain.Review.Warnings)
	}
	doc := mustDoc(t, pvStudy(t, "GEC-RT53-P1"))
	doc["electricity"].([]any)[0].(map[string]any)["primary"] = true
	doc["transport"].([]any)[0].(map[string]any)["primary"] = true
	id := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: seedtest.MustMarshal(t, doc)}), 201).ID
	v := st.rt53Review(t, st.apply(t, id))
	for _, tt := range []struct{ path, factor string }{
		{"electricity[0]", "ELEC-CN-NAT-CF-2024"},
		{"transport[0]", "TR-ROAD-DIESEL-HEAVY"},
	} {
		if !rt53Warned(v, tt.path, tt.factor, "primary", "初级数据") {
			t.Errorf("review warnings %+v, want one on %s flagged primary on set factor %s, in both languages", v.Review.Warnings, tt.path, tt.factor)
		}
	}
}

// Ensure the review says when a certificate of the holder it compares the
// study with (a peer: the holder's valid certificate of another model of
// the product) fails the service's signature check on record (red team
// 53): its figure, read from the record, decides whether the study's drop
// below it is named, and a record edited to a lower figure in the file
// would hide the drop unsaid.
func TestRedteam53_ReviewSaysAPeerFailsItsSignature(t *testing.T) {
	st := newSeededStack(t)
	peer := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submitPV(t, "GEC-RT53-Q1", 1, nil)), "")), 201)
	app := st.apply(t, st.submitPV(t, "GEC-RT53-Q2", 1, nil))
	if v := st.rt53Review(t, app); rt53Warned(v, "product.model", peer.Number) {
		t.Fatalf("control: warnings %+v name the peer %s at the same figure", v.Review.Warnings, peer.Number)
	}
	st.srv.KeyService = otherKeys{st.srv.KeyService, footprinttest.Key(t, "redteam53 other key", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)).PublicKey()}
	if v := st.rt53Review(t, app); !rt53Warned(v, "product.model", peer.Number, "signature check", "签名未通过验证") {
		t.Errorf("review warnings %+v, want one naming the peer %s as failing its signature check, in both languages", v.Review.Warnings, peer.Number)
	}
}

// Ensure the review says that a supplier's PACT footprint the study's
// owner uploaded is the manufacturer's word, and shows the primary-data
// share it states (red team 53). PACT documents are not signed: the
// manufacturer's upload of a junction box at 0.42 kgCO2e/kg stating
// "primaryDataShare" 100 entered the study's figure, and its printed
// primary-data share in full, while the review's row said only
// uploaded_by, with no share and no warning.
func TestRedteam53_UploadedPACTFootprintIsTheManufacturersWord(t *testing.T) {
	st := newSeededStack(t)
	const id = "e53c6a7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d"
	doc := bytes.Replace(footprinttest.SupplierPACT3(id, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z", "0.42"),
		[]byte(`"exemptedEmissionsPercent":"0"`), []byte(`"exemptedEmissionsPercent":"0","primaryDataShare":"100"`), 1)
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/pact/supplier-footprints", as: asMaker, contentType: "application/json", body: doc}), 201)
	line := map[string]any{"name": "Junction box (supplier's PACT footprint)", "quantity": 0.2, "unit": "kg", "stage": "A1", "supplier": "pact:" + id}
	sd := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: withBOMLines(t, pvStudy(t, "GEC-RT53-U"), line)}), 201)
	v := st.rt53Review(t, st.apply(t, sd.ID))
	if len(v.Review.PACT) != 1 || v.Review.PACT[0].UploadedBy == "" || v.Review.PACT[0].PrimarySharePct == nil || *v.Review.PACT[0].PrimarySharePct != 100 {
		t.Errorf("review's pact_footprints %+v, want the upload with its primary-data share of 100", v.Review.PACT)
	}
	if !rt53Warned(v, ".supplier", "pact:"+id, "uploaded", "100 %", "上传") {
		t.Errorf("review warnings %+v, want one on the line naming pact:%s as the study owner's upload, its primary-data share, in both languages", v.Review.Warnings, id)
	}
}
