package factordb_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed"
	"github.com/google/uuid"
)

// Ensure a study cannot be certified on a factor set whose factor a newer
// published set corrected upwards, without a word. Published sets never
// change, and nothing retires an older one: after a curator publishes a
// set correcting a factor (here the PV cell factor doubled, based on the
// seed set), a manufacturer keeps pinning the older set and is certified
// on the uncorrected, lower value; the application is accepted, the
// certifier's review shows no warning and the certificate is issued.
// Set shopping also works between parallel sets (the curated set and
// CPCD-2026.03): the study pins whichever gives the lower figure.
func TestRedteam_CorrectedFactorInNewerSet(t *testing.T) {
	ctx := context.Background()
	s := MustOpenWithOrgs(t)
	const code = "PV-CELL-MONO182"
	old, fixed := s.mustPublishCorrection(t, code, 2) // in set 2026.2

	st := s.MustCreateStudy(t, orgMaker, "GEC-RT-FS-1") // pinned to the seed set
	if st.FactorSet != seed.SetVersion {
		t.Fatalf("study pins %s", st.FactorSet)
	}
	app, err := s.apply(ctx, orgMaker, st.ID, uuid.Nil)
	if err == nil {
		_, err = s.certs.IssueCertificate(ctx, app.ID, issueReq)
	}
	if err == nil || !strings.Contains(footprint.ErrorMessage(err), code) {
		t.Fatalf("certified on %s %s = %v although published set 2026.2 corrected it to %v: %v", seed.SetVersion, code, old.Value, fixed.Value, err)
	}
}
