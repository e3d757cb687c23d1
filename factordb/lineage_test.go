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

	if a, b := factordb.ModelKey("DEMO-M10-54"), factordb.ModelKey(" demo m10–54. "); a != b || a != "DEMOM1054" {
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
