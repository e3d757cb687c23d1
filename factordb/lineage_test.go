package factordb_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Ensure the product-model lineage compares models without case and
// punctuation, is per holder, and is built at Open for a database written
// before it existed.
func TestCertificationService_ModelLineage(t *testing.T) {
	ctx, s := mustStart(t)
	first := s.MustIssue(t, demoSerial)

	if a, b := factordb.ModelKey("DEMO-M10-54"), factordb.ModelKey(" demo m10–54. "); a != b || a != "DEM0M1054" {
		t.Fatalf("ModelKey %q, %q", a, b)
	}
	variant := s.MustCreateStudy(t, orgMaker, "GEC-ML-1", func(st *footprint.Study) { st.Product.Model = "demo m10 54" })
	_, err := s.apply(ctx, orgMaker, variant.ID, uuid.Nil)
	if footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "supersedes" {
		t.Fatalf("model %q beside %s: %v, want a conflict naming supersedes", variant.Product.Model, first.Certificate().Number, err)
	}

	// Another holder's model of the same name is its own lineage.
	theirs := s.MustCreateStudy(t, orgMaker2, "GEC-ML-2", func(st *footprint.Study) { st.Product.Model = first.Certificate().Product.Model })
	s.mustApplyFor(t, theirs)

	// Built at Open.
	mustRun(t, s.db, factordb.DropCertificateStudies)
	app, err := s.apply(ctx, orgMaker, variant.ID, uuid.Nil)
	if err != nil {
		t.Fatalf("without the index: %v", err)
	}
	if _, err := s.certs.RejectApplication(ctx, app.ID, []string{"test"}); err != nil {
		t.Fatal(err)
	}
	mustRun(t, s.db, factordb.Init)
	_, err = s.apply(ctx, orgMaker, variant.ID, uuid.Nil)
	if footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "supersedes" {
		t.Fatalf("after Open rebuilt the index: %v, want a conflict naming supersedes", err)
	}
	if _, err := s.apply(ctx, orgMaker, variant.ID, first.Certificate().ID); err != nil {
		t.Fatal(err)
	}
}

// Ensure ModelKey reads the letters that look like digits on a label as
// those digits wherever they stand, and folds full-width forms.
func TestModelKey(t *testing.T) {
	for _, tt := range []struct{ model, want string }{
		{"DEMO-M10-54", "DEM0M1054"},
		{"DEMO-M1O-54", "DEM0M1054"},
		{"DEMO-Ml0-54", "DEM0M1054"},
		{"demo-mIo-54", "DEM0M1054"},
		{"DEMO-M1-O-54", "DEM0M1054"},
		{"DEM0-M10-54", "DEM0M1054"}, // a digit for a letter (review)
		{"DEMO-Ｍ１０-５４", "DEM0M1054"},
		{"LR5-72HPH-550M", "1R572HPH550M"},
		{"1R5-72HPH-550M", "1R572HPH550M"},
		{"OO1", "001"},
		{"1LIO", "1110"},
		{"SOLO", "S010"},
		{"EX–550M/144", "EX550M144"},
		{"光伏组件 LR5-72（双面）", "光伏组件1R572双面"},
		{"光伏組件 LR5-72（雙面）", "光伏组件1R572双面"}, // traditional characters read as simplified (session 37)
		{"示例組件A1", "示例组件A1"},
		{"乾坤X1", "乾坤X1"},        // a word, kept as t2s keeps it
		{"乾-坤 X1", "乾坤X1"},      // and with punctuation in it: the key is converted, not the model as written
		{"示例\uF902A1", "示例车A1"}, // a compatibility ideograph (車, U+F902) reads as 車, so 车
		{"\U0002F804A1", "你A1"}, // from the supplement (U+2F804, 你)
		{"—·—", ""},
	} {
		if got := factordb.ModelKey(tt.model); got != tt.want {
			t.Errorf("ModelKey(%q) = %q, want %q", tt.model, got, tt.want)
		}
	}
}

// Ensure Open re-keys the product-model index of a file written before
// schema 3, whose keys kept the look-alike letters: there, a certificate
// of "DEMO-M1O-54" indexed under DEMOM1O54 did not stop a study of
// DEMO-M10-54 from starting a second lineage beside it; after Open it
// does, and opening again changes nothing.
func TestOpen_RekeysModelIndex(t *testing.T) {
	ctx, s := mustStart(t)
	st := s.MustCreateStudy(t, orgMaker, "GEC-MK-1", func(st *footprint.Study) { st.Product.Model = "DEMO-M1O-54" })
	old := s.mustIssueStudy(t, st.ID, orgMaker).Certificate()
	// The entry as schema 2 wrote it: letters and digits, upper case.
	if err := factordb.PutModelIndex(s.db, 2, map[string]uuid.UUID{"DEMOM1O54\x00" + orgMaker: old.ID}); err != nil {
		t.Fatal(err)
	}

	again := s.MustCreateStudy(t, orgMaker, "GEC-MK-2", func(st *footprint.Study) { st.Product.Model = "DEMO-M10-54" })
	// Under the old key the lineage is not found: the hole Open closes.
	app, err := s.apply(ctx, orgMaker, again.ID, uuid.Nil)
	if err != nil {
		t.Fatalf("under the schema-2 key: %v", err)
	}
	if _, err := s.certs.RejectApplication(ctx, app.ID, []string{"test"}); err != nil {
		t.Fatal(err)
	}
	for round := range 2 {
		mustRun(t, s.db, factordb.Init)
		_, err := s.apply(ctx, orgMaker, again.ID, uuid.Nil)
		if footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "supersedes" {
			t.Fatalf("open %d: model %q beside %s (%q): %v, want a conflict naming supersedes", round, again.Product.Model, old.Number, old.Product.Model, err)
		}
	}
	if _, err := s.apply(ctx, orgMaker, again.ID, old.ID); err != nil {
		t.Fatal(err)
	}
}

// Ensure a product model written in traditional Chinese characters is the
// model of its simplified form (session 37): a study of "示例組件A1" beside
// a certificate of "示例组件A1" starts no second lineage (it continues the
// lineage, naming its current certificate), and the review of an
// application for "示例組件B2" names the holder's rejected application for
// "示例组件B2". Before, ModelKey kept the characters as written: the
// traditional form was a new model, so a rejected or withdrawn product came
// back as one, and two certificates of one model were both current.
func TestModelLineage_TraditionalCharacters(t *testing.T) {
	ctx, s := mustStart(t)
	simplified := s.MustCreateStudy(t, orgMaker, "GEC-TC-1", model("示例组件A1"))
	first := s.mustIssueStudy(t, simplified.ID, orgMaker).Certificate()

	trad := s.MustCreateStudy(t, orgMaker, "GEC-TC-2", model("示例組件A1"))
	_, err := s.apply(ctx, orgMaker, trad.ID, uuid.Nil)
	if footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "supersedes" || !strings.Contains(footprint.ErrorMessage(err), first.Number) {
		t.Fatalf("model %q beside %s of %q: %v, want a conflict naming supersedes and %s", trad.Product.Model, first.Number, first.Product.Model, err, first.Number)
	}
	next := s.mustIssueApp(t, &certification.Application{StudyID: trad.ID, Manufacturer: orgMaker, Certifier: orgCertifier, Supersedes: first.ID})
	if got := next.Certificate().Supersedes; got != first.ID {
		t.Fatalf("certificate of %q supersedes %v, want %s", trad.Product.Model, got, first.Number)
	}

	rejected := s.mustApplyFor(t, s.mustCreateLaptop(t, orgMaker, "示例组件B2", "847130"))
	if _, err := s.certs.RejectApplication(ctx, rejected.ID, []string{"cells left out"}); err != nil {
		t.Fatal(err)
	}
	again := s.mustCreateLaptop(t, orgMaker, "示例組件B2", "847141")
	r := s.mustReviewRecords(t, s.mustApplyFor(t, again), again)
	if len(r.Rejected) != 1 || r.Rejected[0].ID != rejected.ID {
		t.Fatalf("review of %q: rejected %+v, want the rejection of %q", again.Product.Model, r.Rejected, "示例组件B2")
	}
}

// Ensure a model written with a CJK compatibility ideograph, which prints
// as the unified ideograph it is canonically equivalent to and passes
// CheckModelCharacters as a Chinese letter, starts no second lineage
// beside the model written with that ideograph: "示例\uF902A1" (車,
// U+F902) beside a certificate of "示例车A1". Before, ModelKey kept the
// compatibility character, which OpenCC does not convert either.
func TestModelLineage_CompatibilityIdeographs(t *testing.T) {
	ctx, s := mustStart(t)
	first := s.mustIssueStudy(t, s.MustCreateStudy(t, orgMaker, "GEC-CI-1", model("示例车A1")).ID, orgMaker).Certificate()
	compat := s.MustCreateStudy(t, orgMaker, "GEC-CI-2", model("示例\uF902A1"))
	_, err := s.apply(ctx, orgMaker, compat.ID, uuid.Nil)
	if footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "supersedes" || !strings.Contains(footprint.ErrorMessage(err), first.Number) {
		t.Fatalf("model %q beside %s of %q: %v, want a conflict naming supersedes and %s", compat.Product.Model, first.Number, first.Product.Model, err, first.Number)
	}
}

// Ensure Open rebuilds the indexes keyed by ModelKey of a file written
// before schema 7, whose keys kept traditional characters as written:
// there a certificate of "示例組件A1" did not stop a study of "示例组件A1"
// from starting a second lineage beside it, nor did a rejection of
// "示例組件C3" reach the review of "示例组件C3". After Open the two lineages
// are one, headed by the later certificate, the migration's audit event
// names both (their models and certificates), and the review finds the
// rejection; opening again changes nothing. A rebuild that fails leaves
// the file as it was.
func TestOpen_RekeysTraditionalModels(t *testing.T) {
	ctx, s := mustStart(t)
	old := s.mustIssueStudy(t, s.MustCreateStudy(t, orgMaker, "GEC-TK-1", model("示例組件A1")).ID, orgMaker).Certificate()
	rejected := s.mustApplyFor(t, s.mustCreateLaptop(t, orgMaker, "示例組件C3", "847130"))
	if _, err := s.certs.RejectApplication(ctx, rejected.ID, []string{"cells left out"}); err != nil {
		t.Fatal(err)
	}
	if err := factordb.PutModelKeysAsSchema6(s.db, "示例组件", "示例組件"); err != nil {
		t.Fatal(err)
	}
	// Under the schema-6 keys the lineage is not found: a second one
	// begins beside it.
	second := s.mustIssueStudy(t, s.MustCreateStudy(t, orgMaker, "GEC-TK-3", model("示例组件A1")).ID, orgMaker).Certificate()
	again := s.mustCreateLaptop(t, orgMaker, "示例组件C3", "847141")
	app := s.mustApplyFor(t, again)
	review := func() *certification.ReviewRecords { return s.mustReviewRecords(t, app, again) }
	if r := review(); len(r.Rejected) != 0 {
		t.Fatalf("under the schema-6 keys: rejected %+v", r.Rejected)
	}

	// A rebuild that fails (a study unreadable) changes nothing.
	key, _ := uuid.MustParse(again.ID).MarshalBinary()
	var doc []byte
	if err := factordb.Write(s.db, func(tx *bolt.Tx) error {
		doc = bytes.Clone(tx.Bucket([]byte("studies")).Get(key))
		return tx.Bucket([]byte("studies")).Put(key, []byte("{"))
	}); err != nil {
		t.Fatal(err)
	}
	if err := factordb.Init(s.db); err == nil || !strings.Contains(err.Error(), "schema 7") {
		t.Fatalf("Open with a study unreadable: %v, want the schema-7 rebuild to fail", err)
	}
	if v, err := factordb.StoredSchema(s.db); err != nil || v != 6 {
		t.Fatalf("after a failed Open: schema %d (%v), want 6", v, err)
	}
	if err := factordb.Read(s.db, func(tx *bolt.Tx) error {
		if tx.Bucket([]byte("certificate_models")).Get([]byte("示例組件A1\x00"+orgMaker)) == nil {
			return fmt.Errorf("the schema-6 key of %s is gone", old.Number)
		}
		return nil
	}); err != nil {
		t.Fatalf("after a failed Open: %v", err)
	}
	if err := factordb.Write(s.db, func(tx *bolt.Tx) error { return tx.Bucket([]byte("studies")).Put(key, doc) }); err != nil {
		t.Fatal(err)
	}

	mustRun(t, s.db, factordb.Init)
	var schema7 *access.AuditEvent
	evs := migrationEvents(t, s.certs)
	for _, ev := range evs {
		if ev.Subject == "database/schema-7" {
			schema7 = ev
		}
	}
	if schema7 == nil {
		t.Fatalf("no audit event of the schema-7 migration: %+v", evs)
	}
	for _, want := range []string{"2 entries before, 1 after", "joined", old.Number, second.Number, `"示例組件A1"`, `"示例组件A1"`, "current certificate " + second.Number} {
		if !strings.Contains(schema7.Detail, want) {
			t.Errorf("detail %q does not say %q", schema7.Detail, want)
		}
	}
	for round := range 2 {
		next := s.MustCreateStudy(t, orgMaker, fmt.Sprintf("GEC-TK-5-%d", round), model("示例組件A1"))
		_, err := s.apply(ctx, orgMaker, next.ID, uuid.Nil)
		if footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "supersedes" || !strings.Contains(footprint.ErrorMessage(err), second.Number) {
			t.Fatalf("open %d: model %q beside %s and %s: %v, want a conflict naming supersedes and %s", round, next.Product.Model, old.Number, second.Number, err, second.Number)
		}
		if r := review(); len(r.Rejected) != 1 || r.Rejected[0].ID != rejected.ID {
			t.Fatalf("open %d: review of %q: rejected %+v, want the rejection of %q", round, again.Product.Model, r.Rejected, "示例組件C3")
		}
		if got := migrationEvents(t, s.certs); len(got) != len(evs) {
			t.Fatalf("open %d: %d migration events, want the %d of the first", round, len(got), len(evs))
		}
		mustRun(t, s.db, factordb.Init)
	}
}

// model returns a study change that sets its product model to m.
func model(m string) func(*footprint.Study) {
	return func(st *footprint.Study) { st.Product.Model = m }
}

// mustCreateLaptop stores the demo laptop study of owner, of product model
// m and HS code hs (a rule of chapters: two laptops of different codes
// are not the same product to the review, sameProduct, so that only the
// model ties them), and returns it.
func (s *services) mustCreateLaptop(tb testing.TB, owner, m, hs string) *footprint.Study {
	tb.Helper()
	st := seedtest.Study(tb, "laptop")
	st.Owner, st.Product.Manufacturer, st.Product.Model = owner, owner, m
	st.Product.ProductCodes = []footprint.ProductCode{{Scheme: "HS", Code: hs}}
	if _, err := s.studies.CreateStudy(tb.Context(), st); err != nil {
		tb.Fatal(err)
	}
	return st
}

// Ensure a holder cannot keep two valid certificates side by side for the
// same product model, made at the same site over the same reference
// period, from two studies. One lineage per study is enforced, but a new
// study of the same model starts a fresh lineage when its application
// names nothing to supersede: a manufacturer can certify the same product
// from several studies with different assumptions and print the lowest
// figure, while the certifier's review lists no lineage at all (the
// running service issued CDPCF-2026-000001 and CDPCF-2026-000004 for
// model DEMO-M10-54 of Demo Module Co., both valid).
func TestRedteam_OneValidCertificatePerModelAndSite(t *testing.T) {
	ctx, s := mustStart(t)
	first := s.MustIssue(t, demoSerial)
	second := s.MustCreateModelStudy(t, orgMaker, "GEC-RT-2")
	if second.Product.Model != first.Certificate().Product.Model {
		t.Fatalf("model %q, want %q", second.Product.Model, first.Certificate().Product.Model)
	}
	_, err := s.apply(ctx, orgMaker, second.ID, uuid.Nil)
	if footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "supersedes" ||
		!strings.Contains(footprint.ErrorMessage(err), first.Certificate().Number) {
		t.Fatalf("second study of model %s applied without superseding %s: %v", second.Product.Model, first.Certificate().Number, err)
	}
}

// Ensure a withdrawn certificate's history cannot be shed by certifying
// the same product from a new study. A study whose certificate was
// withdrawn is certified again only by naming it (the successor links to
// it, WithdrawnIsLinked), but a new study of the same model, site and
// period applies naming nothing and gets a fresh certificate that does not
// link to the withdrawal, with nothing in the certifier's review.
func TestRedteam_WithdrawnModelNotLaundered(t *testing.T) {
	ctx, s := mustStart(t)
	old := s.MustIssue(t, demoSerial)
	s.mustSetStatus(t, ctx, old.Certificate().ID, certification.CertificateWithdrawn, "data falsified")
	next := s.MustCreateModelStudy(t, orgMaker, "GEC-RT-W-2")
	app, err := s.apply(ctx, orgMaker, next.ID, uuid.Nil)
	if err == nil {
		var rec *certification.CertificateRecord
		if rec, err = s.certs.IssueCertificate(ctx, app.ID, issueReq); err == nil && rec.Certificate().Supersedes != old.Certificate().ID {
			t.Fatalf("certificate %s issued for model %s without linking withdrawn %s", rec.Certificate().Number, next.Product.Model, old.Certificate().Number)
		}
	}
	if err != nil && footprint.ErrorField(err) != "supersedes" {
		t.Fatalf("refused, but not naming supersedes: %v", err)
	}
}

// Ensure a product model written with look-alike characters does not start
// a second lineage beside the model's current certificate. The lineage
// compares models as ModelKey writes them (letters and digits, upper
// case), so a model written with full-width digits or letters (which the
// certificate font prints: "DEMO-M10-５４" reads as DEMO-M10-54 on the
// label and the verify page) was another model to it: a holder certified
// the same module again with a new, lower figure beside its valid (or
// withdrawn) certificate, without naming it. A model of punctuation only
// had no lineage at all. The issue must refuse them, naming
// product.model.
func TestRedteam2_ModelLookAlikeStartsNoSecondLineage(t *testing.T) {
	for _, tt := range []struct{ name, model string }{
		{"full-width-digits", "DEMO-M10-５４"},
		{"full-width-letter", "DEMO-Ｍ10-54"},
		{"ideographic-zero", "DEMO-M1〇-54"},
		{"han-stroke-dash", "DEMO一M10一54"},
		{"han-stroke-one", "DEMO-M丨0-54"},
		{"punctuation-only", "—·—"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := certifyAgainAs(t, tt.model); footprint.ErrorField(err) != "product.model" && footprint.ErrorField(err) != "supersedes" {
				t.Fatalf("refused for another reason: %v", err)
			}
		})
	}
	// Models in ASCII or Chinese characters, with any punctuation, stay
	// certifiable.
	for _, model := range []string{"DEMO-M10-54", "光伏组件 LR5-72（双面）", "EX–550M/144", "二代双玻组件"} {
		if err := footprint.CheckModelCharacters("product.model", model); err != nil {
			t.Errorf("model %q refused: %v", model, err)
		}
	}
}

// Ensure a model written with an ASCII letter for a digit (O for 0, l or
// I for 1) does not start a second lineage beside the model's certificate
// either: "DEMO-M1O-54" reads as DEMO-M10-54 on a label, and ModelKey
// keeps the letter, so the holder certified the module again beside its
// withdrawn certificate.
func TestRedteam2_ModelASCIILookAlike(t *testing.T) {
	for _, model := range []string{"DEMO-M1O-54", "DEMO-Ml0-54"} {
		t.Run(model, func(t *testing.T) { certifyAgainAs(t, model) })
	}
}

// certifyAgainAs issues the demo model's certificate, withdraws it, and
// applies for a study of the model written as model, without naming the
// withdrawn certificate, and issues it. It fails the test if the new
// certificate is issued, and returns the error that refused it.
func certifyAgainAs(t *testing.T, model string) error {
	t.Helper()
	ctx, s := mustStart(t)
	first := s.MustIssue(t, demoSerial)
	s.mustSetStatus(t, ctx, first.Certificate().ID, certification.CertificateWithdrawn, "figure under question")
	again := s.MustCreateStudy(t, orgMaker, "GEC-RT2-AGAIN", func(st *footprint.Study) { st.Product.Model = model })
	app, err := s.apply(ctx, orgMaker, again.ID, uuid.Nil)
	if err != nil {
		return err
	}
	rec, err := s.certs.IssueCertificate(ctx, app.ID, issueReq)
	if err == nil {
		t.Fatalf("model %q issued as %s (valid, revision %d) beside the withdrawn %s of %q, without superseding it",
			model, rec.Certificate().Number, rec.Certificate().Revision, first.Certificate().Number, first.Certificate().Product.Model)
	}
	return err
}

// Ensure the review of an application superseding a lineage's current
// certificate reads the lineage's peaks (certification.LineagePeaks of
// every certificate before it), kept with the certificate at each issue
// (session 35); that a file written before them gets them at Open, the
// same entries and the same review state; and that a review of a file
// whose entries are missing reads them from the lineage.
func TestFindReviewRecords_LineagePeaks(t *testing.T) {
	ctx, s := mustStart(t)
	cur := s.MustIssue(t, demoSerial)
	lineage := []*certification.Certificate{cur.Certificate()}
	for range 4 {
		cur = s.MustSupersede(t, cur)
		lineage = append([]*certification.Certificate{cur.Certificate()}, lineage...)
	}
	if n, err := factordb.LineagePeakEntries(s.db); err != nil || n != 4 {
		t.Fatalf("lineage peak entries %d (%v), want one for each of the 4 successors", n, err)
	}
	c := cur.Certificate()
	st := s.mustFindStudy(t, c.StudyID)
	app := &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier, Supersedes: c.ID}
	if err := s.certs.CreateApplication(ctx, app); err != nil {
		t.Fatal(err)
	}
	review := func() *certification.ReviewRecords { return s.mustReviewRecords(t, app, st) }
	before := review()
	got, want := certNumbers(before.Lineages[c.ID.String()]), certNumbers(certification.LineagePeaks(lineage[1:]))
	if len(want) == 0 || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("lineage of %s read %v, want its peaks %v", c.Number, got, want)
	}
	mustRun(t, s.db, factordb.CheckCertificateIndexes)

	mustRun(t, s.db, factordb.DropLineagePeaks)
	if r := review(); fmt.Sprint(certNumbers(r.Lineages[c.ID.String()])) != fmt.Sprint(want) || r.State != before.State {
		t.Fatalf("without the entries: lineage %v, state %s; want %v, %s", certNumbers(r.Lineages[c.ID.String()]), r.State, want, before.State)
	}
	mustRun(t, s.db, factordb.Init)
	if n, err := factordb.LineagePeakEntries(s.db); err != nil || n != 4 {
		t.Fatalf("after Open: lineage peak entries %d (%v), want 4", n, err)
	}
	mustRun(t, s.db, factordb.CheckCertificateIndexes)
	if r := review(); fmt.Sprint(certNumbers(r.Lineages[c.ID.String()])) != fmt.Sprint(want) || r.State != before.State {
		t.Fatalf("after Open: lineage %v, state %s; want %v, %s", certNumbers(r.Lineages[c.ID.String()]), r.State, want, before.State)
	}
}

func certNumbers(cs []*certification.Certificate) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Number
	}
	return out
}
