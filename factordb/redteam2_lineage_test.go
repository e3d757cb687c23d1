package factordb_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Red-team findings, second round, on the product-model lineage.

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
	for name, model := range map[string]string{
		"full-width-digits": "DEMO-M10-５４",
		"full-width-letter": "DEMO-Ｍ10-54",
		"ideographic-zero":  "DEMO-M1〇-54",
		"han-stroke-dash":   "DEMO一M10一54",
		"han-stroke-one":    "DEMO-M丨0-54",
		"punctuation-only":  "—·—",
	} {
		t.Run(name, func(t *testing.T) {
			if err := certifyAgainAs(t, model); footprint.ErrorField(err) != "product.model" && footprint.ErrorField(err) != "supersedes" {
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
	ctx := context.Background()
	s := MustOpenWithOrgs(t)
	first := s.MustIssue(t, demoSerial)
	if _, err := s.certs.SetCertificateStatus(ctx, first.Certificate().ID, certification.CertificateWithdrawn, "figure under question"); err != nil {
		t.Fatal(err)
	}
	again := demoStudy(t, orgMaker, "GEC-RT2-AGAIN")
	again.Product.Model = model
	if _, err := s.studies.CreateStudy(ctx, again); err != nil {
		t.Fatal(err)
	}
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
