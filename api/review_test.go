package api_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

type reviewCert struct {
	Ref          string `json:"ref"`
	ID           string `json:"id"`
	Number       string `json:"number"`
	Status       string `json:"status"`
	StatusReason string `json:"status_reason"`
}

type reviewWarning struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

// reviewPACT is a supplier's PACT footprint in the certifier's review.
type reviewPACT struct {
	Ref         string  `json:"ref"`
	ID          string  `json:"id"`
	SpecVersion string  `json:"spec_version"`
	Version     *int    `json:"version"`
	Supplier    string  `json:"supplier"`
	Product     string  `json:"product"`
	KgCO2e      float64 `json:"kg_co2e"`
	Unit        string  `json:"unit"`
	Status      string  `json:"status"`
	FetchedFrom string  `json:"fetched_from"`
	UploadedBy  string  `json:"uploaded_by"`
}

type appReview struct {
	ID     string `json:"id"`
	Review *struct {
		Warnings   []reviewWarning `json:"warnings"`
		Suppliers  []reviewCert    `json:"suppliers"`
		Supersedes *reviewCert     `json:"supersedes"`
		PACT       []reviewPACT    `json:"pact_footprints"`
	} `json:"review"`
	Study *studyData `json:"study"`
}

// review reads an application as its certifier.
func (st *stack) review(tb testing.TB, app string) appReview {
	tb.Helper()
	return MustData[appReview](tb, st.do(tb, request{method: "GET", target: "/v1/applications/" + app, as: asCert}), 200)
}

// resultSupplier is a supplier's footprint in a study result.
type resultSupplier struct {
	ID              string  `json:"id"`
	Supplier        string  `json:"supplier"`
	KgCO2e          float64 `json:"kgco2e"`
	Contribution    float64 `json:"contribution_kgco2e"`
	PACTSpecVersion string  `json:"pact_spec_version"`
}

// mustResultSuppliers returns the suppliers of a study's result.
func mustResultSuppliers(tb testing.TB, sd studyData) []resultSupplier {
	tb.Helper()
	var res struct {
		Suppliers []resultSupplier `json:"suppliers"`
	}
	if err := json.Unmarshal(sd.Result, &res); err != nil {
		tb.Fatal(err)
	}
	return res.Suppliers
}

// Ensure the certifier's view of an application (GET /v1/applications/{id})
// shows every warning of the result, every supplier certificate the study
// uses with its live status, and the lineage: the certificate a new one
// would supersede with its live status (issue 9: "the certifier's view of
// an application shows every warning, every supplier status and the
// lineage"). Both statuses are read when the view is, so a withdrawal after
// the application shows.
func TestServer_ApplicationReview(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	supplier := MustData[certData](t, st.do(t, request{method: "GET", target: "/v1/certificates/" + fx.cert, as: asMaker}), 200)

	// orgMaker2's study uses fx.cert as a supplier certificate, by number.
	// Its instrument's period starts a month before the reference period:
	// a warning (only the share inside counts).
	b := bytes.Replace(pvStudy(t, "GEC-REVIEW-1"), []byte(`"period": {"start": "2025-01-01"`), []byte(`"period": {"start": "2024-12-01"`), 1)
	_, buyerApp := st.applyAsOther(t, withBOMLines(t, b, suppliedLine("supplied junction box", supplier.Number)))
	// orgMaker applies for a new certificate of the certified study: it
	// supersedes fx.cert.
	lineageApp := st.applySuperseding(t, fx.issuedStudy, fx.cert)

	view := func(app string) appReview {
		t.Helper()
		v := st.review(t, app)
		if v.Review == nil || v.Study == nil {
			t.Fatalf("view of %s without review or study", app)
		}
		return v
	}

	v := view(buyerApp)
	var result struct {
		Warnings []reviewWarning `json:"warnings"`
	}
	if err := json.Unmarshal(v.Study.Result, &result); err != nil {
		t.Fatal(err)
	}
	if len(result.Warnings) == 0 || !reflect.DeepEqual(v.Review.Warnings, result.Warnings) {
		t.Fatalf("review warnings %+v, want the result's %+v", v.Review.Warnings, result.Warnings)
	}
	if len(v.Review.Suppliers) != 1 {
		t.Fatalf("suppliers %+v", v.Review.Suppliers)
	}
	if s := v.Review.Suppliers[0]; s.Ref != supplier.Number || s.ID != fx.cert || s.Number != supplier.Number || s.Status != "valid" {
		t.Fatalf("supplier %+v", s)
	}
	if v.Review.Supersedes != nil {
		t.Fatalf("a first certificate supersedes %+v", v.Review.Supersedes)
	}
	l := view(lineageApp)
	if l.Review.Supersedes == nil || l.Review.Supersedes.ID != fx.cert || l.Review.Supersedes.Number != supplier.Number || l.Review.Supersedes.Status != "valid" {
		t.Fatalf("lineage %+v", l.Review.Supersedes)
	}
	if len(l.Review.Suppliers) != 0 {
		t.Fatalf("suppliers of a study without any: %+v", l.Review.Suppliers)
	}

	// The supplier certificate is withdrawn: both views show it live.
	rec := st.do(t, request{method: "POST", target: "/v1/certificates/" + fx.cert + "/withdraw", as: asCert, contentType: "application/json", body: []byte(`{"reasons":["data falsified"]}`)})
	if rec.Code != 200 {
		t.Fatalf("withdraw: %d %s", rec.Code, rec.Body)
	}
	if s := view(buyerApp).Review.Suppliers[0]; s.Status != "withdrawn" || s.StatusReason == "" {
		t.Fatalf("supplier after withdrawal %+v", s)
	}
	if s := view(lineageApp).Review.Supersedes; s.Status != "withdrawn" {
		t.Fatalf("lineage after withdrawal %+v", s)
	}
	// The manufacturer sees the same review of its own application.
	if v := MustData[appReview](t, st.do(t, request{method: "GET", target: "/v1/applications/" + buyerApp, as: asOther}), 200); v.Review == nil || v.Review.Suppliers[0].Status != "withdrawn" {
		t.Fatalf("manufacturer's view %+v", v.Review)
	}
}
