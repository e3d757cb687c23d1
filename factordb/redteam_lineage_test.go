package factordb_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/google/uuid"
)

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
	t.Skip("redteam: a second study of the same model, site and period gets a second valid certificate beside the first, without superseding it")
	ctx := context.Background()
	s := MustOpenServices(t)
	s.MustCreateOrgs(t)
	first := s.MustIssue(t, demoSerial)
	second := s.MustCreateStudy(t, orgMaker, "GEC-RT-2")
	if second.Product.Model != first.Certificate().Product.Model {
		t.Fatalf("model %q, want %q", second.Product.Model, first.Certificate().Product.Model)
	}
	_, err := s.apply(ctx, orgMaker, second.ID, uuid.Nil)
	if footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "supersedes" ||
		!strings.Contains(footprint.ErrorMessage(err), first.Certificate().Number) {
		t.Fatalf("second study of model %s applied without superseding %s: %v", second.Product.Model, first.Certificate().Number, err)
	}
}
