package balance

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint/internal/warntest"
)

// Ensure every warning the package words has a Chinese message beside an
// English one that starts in English, and that the figures reach both.
func TestWarnings_Bilingual(t *testing.T) {
	warntest.Table(t, []warntest.Case[Warning]{
		{Name: "Lighter", W: Lighter(20, 22.5), Figures: []string{"20", "22.5"}},
		{Name: "Weighed", W: Weighed(3, 20, "bom[1], bom[2]", "1 piece"), Figures: []string{"3", "20", "15", "bom[1], bom[2]", "1 piece"}},
		{Name: "Inbound", W: Inbound("transport[0]", 5, 20), Figures: []string{"transport[0]", "5", "25", "20"}},
		{Name: "Exempted", W: Exempted(6.25, 5, "MAT-A, MAT-B", 0.5), Figures: []string{"6.25", "5 %", "MAT-A, MAT-B", "0.5"}},
		{Name: "TokenStage", W: TokenStage("A4", "distribution", "分销", "transport[1]", 0.0012345, 0.005, 1000), Figures: []string{"A4", "transport[1]", "0.00123", "0.005", "1000"}},
	})
}
