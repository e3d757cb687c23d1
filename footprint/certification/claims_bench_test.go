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

// BenchmarkCheckPrintable_Comparisons reads honest texts that hold a
// comparison's words (a share, a multiplier, 比, 低, a property), which
// the comparison patterns match and then read with their honest phrases
// left out: the cost of the check on such texts rather than on the demo
// module's, which hold almost none (session 55).
func BenchmarkCheckPrintable_Comparisons(b *testing.B) {
	st := mustDemoStudy(b)
	st.Product.RatedPowerWp = 0
	st.Product.Name = "Demo camera 1.5x zoom, 2x HDMI, standby power 30% lower than Gen 11, 80% of initial power after 25 years"
	st.Product.NameZH = "示例组件 比上代功耗低20%，双面率约为正面的80%，运输排放占总排放的0.5%"
	defer certification.VerifyNeeds(false)()
	for b.Loop() {
		if err := certification.CheckPrintable(st); err != nil {
			b.Fatal(err)
		}
	}
}
