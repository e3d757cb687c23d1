package footprinttest

import (
	"strings"

	"github.com/chengdu-pcf/pcf/footprint"
)

// SerialKeyV2 is footprint.SerialKey as it was from the second re-key
// (index:green_claims_serial_key_2) until red team 18: every run of
// punctuation one hyphen, look-alike letters read as digits, a run between
// punctuation that is all digits without its leading zeros. The serial
// tests compare today's key with it, and factordb's tests key claims by it
// as a database of that time holds them: one statement of the old key,
// with the punctuation of its time written out, so that it stays what it
// was when today's key changes.
func SerialKeyV2(serial string) string {
	runs := strings.FieldsFunc(strings.NewReplacer("O", "0", "I", "1", "L", "1").Replace(footprint.NormalizeSerial(serial)), func(r rune) bool {
		return strings.ContainsRune("-_./:#", r)
	})
	for i, run := range runs {
		if strings.Trim(run, "0123456789") == "" {
			if run = strings.TrimLeft(run, "0"); run == "" {
				run = "0"
			}
			runs[i] = run
		}
	}
	return strings.Join(runs, "-")
}
