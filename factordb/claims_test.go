package factordb_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
)

// Ensure the register compares serials by footprint.SerialKey: a serial
// written with a trailing dot or a doubled hyphen is the instrument a
// study applied for holds, and a database written before keeps its claims
// findable under the key.
func TestStudyService_SerialVariantsAreOneInstrument(t *testing.T) {
	ctx := context.Background()
	s := MustOpenWithOrgs(t)
	first := s.MustCreateStudy(t, orgMaker, "GEC-SV-2025-1")
	if _, err := s.apply(ctx, orgMaker, first.ID, uuid.Nil); err != nil {
		t.Fatal(err)
	}
	for _, serial := range []string{"GEC-SV-2025-1.", "gec--sv-2025-1", "GEC/SV/2025/1#"} {
		_, err := s.studies.CreateStudy(ctx, demoStudy(t, orgMaker2, serial))
		if footprint.ErrorCode(err) != footprint.ECONFLICT {
			t.Errorf("serial %q beside GEC-SV-2025-1: %v, want a conflict", serial, err)
		}
	}
	if claims, err := s.studies.FindGreenClaims(ctx, "GEC-SV-2025-1-000500."); err != nil || len(claims) != 1 || claims[0].StudyID != first.ID {
		t.Fatalf("claims of GEC-SV-2025-1.: %+v %v", claims, err)
	}

	y := footprint.Period{Start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)}
	if err := factordb.PutLegacyGreenClaim(s.db, "GEC-OLD-1.", "legacy-study", y); err != nil {
		t.Fatal(err)
	}
	if err := factordb.Init(s.db); err != nil { // what Open does
		t.Fatal(err)
	}
	claims, err := s.studies.FindGreenClaims(ctx, "GEC-OLD-1")
	if err != nil || len(claims) != 1 || claims[0].Serial != "GEC-OLD-1." {
		t.Fatalf("legacy claim after Open: %+v %v", claims, err)
	}

	// A claim stored under the first re-key's key (before SerialKey read
	// numbers) is found under today's key after Open, and a study
	// claiming the same serial, written the same way, conflicts with it.
	if err := factordb.PutGreenClaimKeyedV1(s.db, "GEC-V1-2025-000001", "v1-study", y); err != nil {
		t.Fatal(err)
	}
	if err := factordb.Init(s.db); err != nil {
		t.Fatal(err)
	}
	if claims, err := s.studies.FindGreenClaims(ctx, "GEC-V1-2025-000001"); err != nil || len(claims) != 1 || claims[0].StudyID != "v1-study" {
		t.Fatalf("claim keyed before SerialKey read numbers, after Open: %+v %v", claims, err)
	}
}
