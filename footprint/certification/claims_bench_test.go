package certification_test

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// BenchmarkCheckPrintable reads the demo module's texts for claims, as
// every application and every issue does inside the store's write
// transaction.
func BenchmarkCheckPrintable(b *testing.B) {
	st := mustDemoStudy(b)
	for b.Loop() {
		if err := certification.CheckPrintable(st); err != nil {
			b.Fatal(err)
		}
	}
}
