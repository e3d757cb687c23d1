package factordb_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
)

// Ensure the product-model lineage compares models without case and
// punctuation, is per holder, and is built at Open for a database written
// before it existed.
func TestCertificationService_ModelLineage(t *testing.T) {
	ctx := context.Background()
	s := MustOpenWithOrgs(t)
	first := s.MustIssue(t, demoSerial)

	if a, b := factordb.ModelKey("DEMO-M10-54"), factordb.ModelKey(" demo m10–54. "); a != b || a != "DEM0M1054" {
		t.Fatalf("ModelKey %q, %q", a, b)
	}
	variant := demoStudy(t, orgMaker, "GEC-ML-1")
	variant.Product.Model = "demo m10 54"
	if _, err := s.studies.CreateStudy(ctx, variant); err != nil {
		t.Fatal(err)
	}
	_, err := s.apply(ctx, orgMaker, variant.ID, uuid.Nil)
	if footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "supersedes" {
		t.Fatalf("model %q beside %s: %v, want a conflict naming supersedes", variant.Product.Model, first.Certificate().Number, err)
	}

	// Another holder's model of the same name is its own lineage.
	theirs := demoStudy(t, orgMaker2, "GEC-ML-2")
	theirs.Product.Model = first.Certificate().Product.Model
	if _, err := s.studies.CreateStudy(ctx, theirs); err != nil {
		t.Fatal(err)
	}
	if _, err := s.apply(ctx, orgMaker2, theirs.ID, uuid.Nil); err != nil {
		t.Fatal(err)
	}

	// Built at Open.
	if err := factordb.DropCertificateStudies(s.db); err != nil {
		t.Fatal(err)
	}
	app, err := s.apply(ctx, orgMaker, variant.ID, uuid.Nil)
	if err != nil {
		t.Fatalf("without the index: %v", err)
	}
	if _, err := s.certs.RejectApplication(ctx, app.ID, []string{"test"}); err != nil {
		t.Fatal(err)
	}
	if err := factordb.Init(s.db); err != nil {
		t.Fatal(err)
	}
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
	for model, want := range map[string]string{
		"DEMO-M10-54":     "DEM0M1054",
		"DEMO-M1O-54":     "DEM0M1054",
		"DEMO-Ml0-54":     "DEM0M1054",
		"demo-mIo-54":     "DEM0M1054",
		"DEMO-M1-O-54":    "DEM0M1054",
		"DEM0-M10-54":     "DEM0M1054", // a digit for a letter (review)
		"DEMO-Ｍ１０-５４":     "DEM0M1054",
		"LR5-72HPH-550M":  "1R572HPH550M",
		"1R5-72HPH-550M":  "1R572HPH550M",
		"OO1":             "001",
		"1LIO":            "1110",
		"SOLO":            "S010",
		"EX–550M/144":     "EX550M144",
		"光伏组件 LR5-72（双面）": "光伏组件1R572双面",
		"—·—":             "",
	} {
		if got := factordb.ModelKey(model); got != want {
			t.Errorf("ModelKey(%q) = %q, want %q", model, got, want)
		}
	}
}

// Ensure Open re-keys the product-model index of a file written before
// schema 3, whose keys kept the look-alike letters: there, a certificate
// of "DEMO-M1O-54" indexed under DEMOM1O54 did not stop a study of
// DEMO-M10-54 from starting a second lineage beside it; after Open it
// does, and opening again changes nothing.
func TestOpen_RekeysModelIndex(t *testing.T) {
	ctx := context.Background()
	s := MustOpenWithOrgs(t)
	st := demoStudy(t, orgMaker, "GEC-MK-1")
	st.Product.Model = "DEMO-M1O-54"
	if _, err := s.studies.CreateStudy(ctx, st); err != nil {
		t.Fatal(err)
	}
	old := s.mustIssueStudy(t, st.ID, orgMaker).Certificate()
	// The entry as schema 2 wrote it: letters and digits, upper case.
	if err := factordb.PutModelIndex(s.db, 2, map[string]uuid.UUID{"DEMOM1O54\x00" + orgMaker: old.ID}); err != nil {
		t.Fatal(err)
	}

	again := demoStudy(t, orgMaker, "GEC-MK-2")
	again.Product.Model = "DEMO-M10-54"
	if _, err := s.studies.CreateStudy(ctx, again); err != nil {
		t.Fatal(err)
	}
	// Under the old key the lineage is not found: the hole Open closes.
	app, err := s.apply(ctx, orgMaker, again.ID, uuid.Nil)
	if err != nil {
		t.Fatalf("under the schema-2 key: %v", err)
	}
	if _, err := s.certs.RejectApplication(ctx, app.ID, []string{"test"}); err != nil {
		t.Fatal(err)
	}
	for round := range 2 {
		if err := factordb.Init(s.db); err != nil {
			t.Fatal(err)
		}
		_, err := s.apply(ctx, orgMaker, again.ID, uuid.Nil)
		if footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "supersedes" {
			t.Fatalf("open %d: model %q beside %s (%q): %v, want a conflict naming supersedes", round, again.Product.Model, old.Number, old.Product.Model, err)
		}
	}
	if _, err := s.apply(ctx, orgMaker, again.ID, old.ID); err != nil {
		t.Fatal(err)
	}
}
