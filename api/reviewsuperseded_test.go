// Tests of what the certifier's review says of the certificate an
// application supersedes (rv55): read once, with the rest of the review's
// records; its study named when it cannot be read; the comparison of the
// outputs in another amount of the declared unit; a period going back; a
// withdrawn certificate's figure.

package api_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// rv55Certs is the store, counting the reads of one certificate apart
// (FindCertificateByID of id), and, when unread is set, giving the review's
// records without the study of the certificate an application supersedes,
// as a store that cannot read it does (ReviewRecords.SupersededStudyUnread).
type rv55Certs struct {
	realCerts
	id     uuid.UUID
	reads  int
	unread string
}

func (c *rv55Certs) FindCertificateByID(ctx context.Context, id uuid.UUID) (*certification.CertificateRecord, error) {
	if id == c.id {
		c.reads++
	}
	return c.realCerts.FindCertificateByID(ctx, id)
}

func (c *rv55Certs) FindReviewRecords(ctx context.Context, a *certification.Application, st *footprint.Study) (*certification.ReviewRecords, error) {
	r, err := c.realCerts.FindReviewRecords(ctx, a, st)
	if err != nil || c.unread == "" {
		return r, err
	}
	r.SupersededStudy, r.SupersededStudyUnread = nil, c.unread
	return r, nil
}

// Ensure the review reads the certificate an application supersedes once,
// in the snapshot of its other records (ReviewRecords.Superseded), and
// shows its row from that reading: the store read it for the records and
// again for their State, and the review a third time apart, another state
// of the store than the one its State names.
func TestReview_SupersededCertificateReadOnceWithTheRecords(t *testing.T) {
	st := newSeededStack(t)
	first, _ := rt77Store(t, st, rt91Module(t, "DEMO-M10-RV55", 500000))
	cert := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, first), "")), 201)
	second, _ := rt77Store(t, st, rt91Module(t, "DEMO-M10-RV55", 500000))
	app := st.applySuperseding(t, second, cert.CertificateID)
	certs := &rv55Certs{realCerts: st.certs, id: uuid.MustParse(cert.CertificateID)}
	st.srv.CertificationService = certs
	v := st.review(t, app)
	if certs.reads != 0 {
		t.Errorf("the review read certificate %s apart %d times, want none: it is read with the review's records", cert.Number, certs.reads)
	}
	if s := v.Review.Supersedes; s == nil || s.ID != cert.CertificateID || s.Number != cert.Number || s.Status != "valid" {
		t.Errorf("the review's row of the superseded certificate: %+v, want %s, valid", s, cert.Number)
	}
	a, err := st.certs.FindApplicationByID(context.Background(), uuid.MustParse(app))
	if err != nil {
		t.Fatal(err)
	}
	s, err := st.studies.FindStudyByID(context.Background(), second)
	if err != nil {
		t.Fatal(err)
	}
	r, err := st.certs.FindReviewRecords(context.Background(), a, s)
	if err != nil {
		t.Fatal(err)
	}
	if r.Superseded == nil || r.Superseded.Certificate().ID.String() != cert.CertificateID || r.Superseded.Status != certification.CertificateValid {
		t.Errorf("ReviewRecords.Superseded %+v, want certificate %s, valid", r.Superseded, cert.Number)
	}
}

// Ensure a review whose records could not read the study of the
// certificate the application supersedes says so, in both languages, at
// supersedes, with code superseded_study_unread, and that the comparison
// of the outputs it would have made is named as not made (rv55): such a
// study was left out as if there were none, and the review read as one
// with nothing to compare. A study the store holds and cannot read, or
// holds other than the certificate signed it, is named whatever the study
// claims; one not stored (a restore of another
// service's copy) when the study claims green-power instruments, the
// comparison it would have served.
func TestReview_SupersededStudyUnreadNamed(t *testing.T) {
	st := newSeededStack(t)
	first, _ := rt77Store(t, st, rt91Module(t, "DEMO-M10-RV55U", 500000))
	cert := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, first), "")), 201)
	second, _ := rt77Store(t, st, rt91Module(t, "DEMO-M10-RV55U", 154250)) // red team 91's smaller output
	app := st.applySuperseding(t, second, cert.CertificateID)
	if ws := st.reviewWarningsAt(t, app, "reference_output"); len(ws) != 1 {
		t.Fatalf("the premise: the study read, the review warns of the smaller output once; warnings %+v", ws)
	}
	certs := &rv55Certs{realCerts: st.certs}
	st.srv.CertificationService = certs
	for _, c := range []struct{ unread, en, zh string }{
		{certification.SupersededStudyUnreadable, "cannot be read from this service's store", "无法从本服务的存储中读取"},
		{certification.SupersededStudyNotStored, "is not in this service's store", "不在本服务的存储中"},
		{certification.SupersededStudyChanged, "is stored other than " + cert.Number + " signed it", "存储内容与该证书签名时不同"},
	} {
		certs.unread = c.unread
		v := st.review(t, app)
		ws := reviewWarningsWith(v, "supersedes", c.en, c.zh, cert.Number, first, "reference output", "产量")
		if len(ws) != 1 || ws[0].Code != "superseded_study_unread" {
			t.Errorf("the superseded study %s: review warnings %+v, want one at supersedes, code superseded_study_unread, naming %s and study %s in both languages", c.unread, v.Review.Warnings, cert.Number, first)
		}
		if ws := reviewWarningsWith(v, "reference_output"); len(ws) != 0 {
			t.Errorf("the superseded study %s: warnings at reference_output %+v, want none (no comparison was made)", c.unread, ws)
		}
	}

	// Without green-power instruments, a study not stored has no
	// comparison to miss; one that cannot be read is named still.
	plain := rt91Module(t, "DEMO-M10-RV55P", 500000)
	delete(plain["electricity"].([]any)[0].(map[string]any), "instruments")
	st.srv.CertificationService = st.certs
	pfirst, _ := rt77Store(t, st, plain)
	pcert := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, pfirst), "")), 201)
	psecond, _ := rt77Store(t, st, plain)
	papp := st.applySuperseding(t, psecond, pcert.CertificateID)
	st.srv.CertificationService = certs
	for unread, want := range map[string]int{certification.SupersededStudyNotStored: 0, certification.SupersededStudyUnreadable: 1, certification.SupersededStudyChanged: 1} {
		certs.unread = unread
		var got []reviewWarning
		for _, w := range st.review(t, papp).Review.Warnings {
			if w.Code == "superseded_study_unread" {
				got = append(got, w)
			}
		}
		if len(got) != want {
			t.Errorf("a study claiming no instruments, the superseded study %s: %d warnings %+v, want %d", unread, len(got), got, want)
		}
	}
}

// rv55PerPieces restates study document d per n pieces of the module: its
// declared unit, and each quantity per declared unit (the BOM, the
// electricity, the transported masses); the instruments' MWh and the
// reference output are the study's own.
func rv55PerPieces(d map[string]any, n float64) map[string]any {
	d["declared_unit"] = map[string]any{"amount": n, "unit": "piece"}
	for _, key := range []string{"bom", "electricity"} {
		for _, l := range d[key].([]any) {
			l.(map[string]any)["quantity"] = l.(map[string]any)["quantity"].(float64) * n
		}
	}
	for _, l := range d["transport"].([]any) {
		m := l.(map[string]any)["mass"].(map[string]any)
		m["value"] = m["value"].(float64) * n
	}
	return d
}

// Ensure the successor-output warning compares a successor declaring
// another amount of the same unit in its own declared unit (rv55): the
// demo module certified per piece at 500,000 modules, superseded for the
// same 2025 per 2 pieces at 77,125 units (154,250 modules), gave 147.89
// kgCO2e a module where its predecessor's output gives 150.10 (red team
// 91's −1.5 %), and the review said only that the declared unit changed
// and the figures were compared in a unit both state. At 250,000 units of
// 2 (500,000 modules) nothing is warned.
func TestReview_SuccessorOutputInAnotherAmountOfTheDeclaredUnit(t *testing.T) {
	st := newSeededStack(t)
	first, _ := rt77Store(t, st, rt91Module(t, "DEMO-M10-RV55D", 500000))
	cert := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, first), "")), 201)
	same, sameRes := rt77Store(t, st, rv55PerPieces(rt91Module(t, "DEMO-M10-RV55D", 250000), 2))
	sameApp := st.applySuperseding(t, same, cert.CertificateID)
	if ws := st.reviewWarningsAt(t, sameApp, "reference_output"); len(ws) != 0 {
		t.Errorf("250,000 units of 2 pieces (%s kgCO2e) after 500,000 of 1: warnings %+v, want none", footprint.FormatKgCO2e(sameRes.KgCO2e), ws)
	}
	st.rv55Reject(t, sameApp) // its green certificates are the next application's
	smaller, res := rt77Store(t, st, rv55PerPieces(rt91Module(t, "DEMO-M10-RV55D", 77125), 2))
	app := st.applySuperseding(t, smaller, cert.CertificateID)
	v := st.review(t, app)
	if len(reviewWarningsWith(v, "declared_unit", cert.Number)) != 1 {
		t.Errorf("the premise: the review names the declared unit changed; warnings %+v", v.Review.Warnings)
	}
	ws := reviewWarningsWith(v, "reference_output", "77125", "stated 500000 units of its declared unit, 1 piece (250000 of this study's)", "500000 个其声明单位 1 piece（即本研究的 250000 个声明单位）", cert.Number, "2 piece")
	if len(ws) != 1 {
		t.Fatalf("77,125 units of 2 pieces (%s kgCO2e, %s a module) after 500,000 of 1: warnings %+v, want one at reference_output naming both outputs in the study's unit",
			footprint.FormatKgCO2e(res.KgCO2e), footprint.FormatKgCO2e(res.KgCO2e/2), v.Review.Warnings)
	}
	// The kWh covered a declared unit: 2 of each module's 6.483 before, in
	// the study's unit of 2 modules 4.
	if !strings.Contains(ws[0].Message, "where they covered 4)") {
		t.Errorf("warning %q: want the kWh the instruments covered of a unit of 2 pieces before (4)", ws[0].Message)
	}
}

// Ensure a successor whose reference period ends before its predecessor's
// begins is named at reference_period (rv55): the review compares a
// successor's output with its predecessor's only for the days they
// share, so the demo module certified for 2025, superseded by a study of
// 2024, and that by 2025 again at 154,250 modules, was compared with 2024
// alone, and the smaller output for 2025 went unnamed. The step back is
// what the certifier can see; a successor of the same or a later period
// is not named.
func TestReview_SuccessorOfAnOlderPeriodNamed(t *testing.T) {
	st := newSeededStack(t)
	cert, olderID := st.rv55CertifiedThenOlder(t, "DEMO-M10-RV55P")
	olderApp := st.applySuperseding(t, olderID, cert.CertificateID)
	v := st.review(t, olderApp)
	if ws := reviewWarningsWith(v, "reference_period", "2024-01-01/2024-12-31", "2025-01-01/2025-12-31", cert.Number, "ends before", "开始之前即已结束"); len(ws) != 1 {
		t.Errorf("a successor of 2024 after 2025: review warnings %+v, want one at reference_period naming both periods in both languages", v.Review.Warnings)
	}
	st.rv55Reject(t, olderApp) // its green certificates are the next application's
	sameID, _ := rt77Store(t, st, rt91Module(t, "DEMO-M10-RV55P", 500000))
	if ws := reviewWarningsWith(st.review(t, st.applySuperseding(t, sameID, cert.CertificateID)), "reference_period", "ends before"); len(ws) != 0 {
		t.Errorf("a successor of the same 2025: warnings %+v, want none", ws)
	}
}

// Ensure the successor-output warning reaches past a predecessor whose
// period shares no day with the study's, to the nearest certificate of the
// lineage whose period does (ReviewRecords.EarlierStudy, rv55): the demo
// module certified for 2025 at 500,000 modules (A), superseded by a study
// of 2024 (B, named when reviewed), and B by 2025 again at 154,250 modules
// (C, red team 91's smaller output), was compared with B's 2024 alone, and
// C's review said nothing of the output.
func TestReview_SuccessorOutputComparedPastAnOlderPeriod(t *testing.T) {
	st := newSeededStack(t)
	certA, b := st.rv55CertifiedThenOlder(t, "DEMO-M10-RV55C")
	certB := st.supersede(t, b, certA.CertificateID, "")
	c, res := rt77Store(t, st, rt91Module(t, "DEMO-M10-RV55C", 154250))
	ws := st.reviewWarningsAt(t, st.applySuperseding(t, c, certB.CertificateID), "reference_output")
	if len(ws) != 1 || !strings.Contains(ws[0].Message, "certificate "+certA.Number+", earlier in the lineage") || !strings.Contains(ws[0].MessageZH, "系列中较早的证书 "+certA.Number) ||
		!strings.Contains(ws[0].Message, "154250") || !strings.Contains(ws[0].Message, "stated 500000 for 2025-01-01/2025-12-31") {
		t.Errorf("C (2025, 154,250 modules, %s kgCO2e) superseding B (2024) after A (2025, 500,000): warnings at reference_output %+v, want one comparing with %s's study, in both languages",
			footprint.FormatKgCO2e(res.KgCO2e), ws, certA.Number)
	}
}

// Ensure the review names a withdrawn certificate the application
// supersedes, with its body's reason, at supersedes (rv55): the review
// compares the study with its figure as with any other's, and showed the
// status in the row alone, so a study at the figure a body withdrew for
// cause read as no drop at all.
func TestReview_SupersededWithdrawnCertificateNamed(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	next := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: setModel(pvStudy(t, "GEC-RV55-W"), demoModel("GEC-FX-2"))}), 201) // the model of fx.issuedStudy
	app := st.applySuperseding(t, next.ID, fx.cert)
	if ws := reviewWarningsWith(st.review(t, app), "supersedes", "withdrawn"); len(ws) != 0 {
		t.Fatalf("the premise: a valid certificate superseded, warnings %+v", ws)
	}
	const reason = "Electricity of the lamination line left out"
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/certificates/" + fx.cert + "/withdraw", as: asCert,
		contentType: "application/json", body: []byte(`{"reasons":["` + reason + `"]}`)}), 200)
	v := st.review(t, app)
	if ws := reviewWarningsWith(v, "supersedes", fx.number, reason, "was withdrawn by "+orgCertifier, "no longer stands behind", "被 "+orgCertifier+" 撤销", "不再为其认证机构所认可"); len(ws) != 1 {
		t.Errorf("the superseded certificate withdrawn: review warnings %+v, want one at supersedes naming %s and the reason, in both languages", v.Review.Warnings, fx.number)
	}
}

// rv55Reject has the certifier reject application app.
func (st *stack) rv55Reject(t *testing.T, app string) {
	t.Helper()
	MustData[appData](t, st.do(t, request{method: "POST", target: "/v1/applications/" + app + "/reject", as: asCert, contentType: "application/json",
		body: []byte(`{"reasons":["test"]}`)}), 200)
}

// rv55CertifiedThenOlder certifies red team 91's module of model for 2025
// at 500,000 modules, and stores the same study of 2024 (its reference
// period and its green certificates' period): the certificate issued and
// the ID of the study of 2024.
func (st *stack) rv55CertifiedThenOlder(t *testing.T, model string) (issueData, string) {
	t.Helper()
	first, _ := rt77Store(t, st, rt91Module(t, model, 500000))
	cert := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, first), "")), 201)
	older := rt91Module(t, model, 500000)
	period := map[string]any{"start": "2024-01-01", "end": "2024-12-31"}
	older["reference_period"] = period
	older["electricity"].([]any)[0].(map[string]any)["instruments"].([]any)[0].(map[string]any)["period"] = period
	olderID, _ := rt77Store(t, st, older)
	return cert, olderID
}
