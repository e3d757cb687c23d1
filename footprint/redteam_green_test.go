package footprint_test

import (
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Ensure a green certificate claimed by one study cannot be claimed again
// by another study (another organisation's, say) under a serial a person
// reads as the same: the same serial with a trailing dot or hash, or a
// doubled hyphen. The serial rule refuses full-width and invisible
// characters, but these spellings pass it, and the double-claim register
// compared them as other serials: the running service stored a study of
// Other Module Co. claiming "GEC-DEMO-2025-000001." while Demo Module
// Co.'s certificate already claimed GEC-DEMO-2025-000001.
func TestRedteam_SerialPunctuationVariants(t *testing.T) {
	y := footprint.Period{Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)}
	held := []footprint.GreenClaim{{Serial: "GEC-DEMO-2025-000001", Kind: footprint.InstrumentGreenCertificate, Period: y, MWh: 1000, StudyID: "study-a"}}
	for _, serial := range []string{"GEC-DEMO-2025-000001.", "GEC-DEMO-2025-000001#", "GEC-DEMO-2025-000001:", "GEC--DEMO-2025-000001", ".GEC-DEMO-2025-000001"} {
		claim := footprint.GreenClaim{Serial: footprint.NormalizeSerial(serial), Kind: footprint.InstrumentGreenCertificate, Period: y, MWh: 1000}
		if err := footprint.CheckGreenClaims(held, "study-b", []footprint.GreenClaim{claim}); footprint.ErrorCode(err) != footprint.ECONFLICT {
			t.Errorf("serial %q: not a conflict with GEC-DEMO-2025-000001: %v", serial, err)
		}
	}
}
