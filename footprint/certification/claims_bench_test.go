package certification_test

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// BenchmarkCheckPrintable reads the demo module's texts for claims, as
// every application and every issue does inside the store's write
// transaction. It measures the check without the tests' check of each
// pattern's needs (certification.VerifyNeeds).
func BenchmarkCheckPrintable(b *testing.B) {
	st := mustDemoStudy(b)
	defer certification.VerifyNeeds(false)()
	for b.Loop() {
		if err := certification.CheckPrintable(st); err != nil {
			b.Fatal(err)
		}
	}
}
