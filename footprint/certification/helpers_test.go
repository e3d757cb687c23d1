package certification_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
)

// The two helpers footprint's own tests define (engine_test.go), for the
// certificate tests that moved here.

func unit(s string) footprint.Unit { return footprint.MustParseUnit(s) }

func checkInvalid(t *testing.T, err error, field, message string) {
	t.Helper()
	if got, want := footprint.ErrorCode(err), footprint.EINVALID; got != want {
		t.Fatalf("code = %q (%v), want %q", got, err, want)
	}
	if got := footprint.ErrorField(err); got != field {
		t.Errorf("field = %q, want %q (%v)", got, field, err)
	}
	if got := footprint.ErrorMessage(err); !strings.Contains(got, message) {
		t.Errorf("message = %q, want it to contain %q", got, message)
	}
}
