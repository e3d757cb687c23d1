package access_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
)

// Ensure the Greek letters of established technical names beside Latin
// ones print as they read (session 51: "Demo α-Si thin-film module" was
// refused as a look-alike), and that a Greek letter beside Latin ones
// outside those names is still refused, Chinese first, naming the field.
func TestCheckPrintsAsItReads_Greek(t *testing.T) {
	for _, tt := range []struct {
		s       string
		refused bool
	}{
		// Accepted: amorphous and microcrystalline silicon (α-Si, μc-Si),
		// the SI prefix micro before a unit after a number (150μm, 10 μF)
		// and the ohm after a number (10kΩ, with the ohm sign too).
		{"Demo α-Si thin-film module", false},
		{"Demo α-Si:H/μc-Si:H tandem module", false},
		{"示例非晶硅α-Si薄膜组件", false},
		{"μc-Si module", false},
		{"Demo module, 150μm wafers", false},
		{"Demo inverter, 470 μF capacitors", false},
		{"Demo sensor 10kΩ", false},
		{"Demo sensor 10 k\u2126 NTC", false},
		{"Demo module 2.2MΩ", false},
		// Refused: a look-alike inside a word ("cαrbon", "neμtral",
		// "Dεmo"), the names' letters inside a word or with a letter after
		// ("cα-Si", "α-Silicon"), μ without a number before or a unit after
		// ("μm" alone, "150μmodule"), Ω after a letter.
		{"Demo cαrbon neutral module", true},
		{"Demo carbon neμtral module", true},
		{"Dεmo Module", true},
		{"Demo cα-Si module", true},
		{"Demo α-Silicon module", true},
		{"Demo α-Si2 module", true},
		{"Demo μm module", true},
		{"Demo 150μmodule", true},
		{"Demo 150μc module", true},
		{"Demo moduleΩ", true},
		{"Demo ΩK module", true},
		{"Dеmo Module Co.", true}, // Cyrillic е
		{"Ꭰemo Module Co.", true}, // Cherokee Ꭰ
	} {
		err := access.CheckPrintsAsItReads("product.name", tt.s)
		if !tt.refused {
			if err != nil {
				t.Errorf("%q: %v, want accepted", tt.s, err)
			}
			continue
		}
		zh, en, ok := strings.Cut(footprint.ErrorMessage(err), "。")
		if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "product.name" || !ok || !strings.Contains(zh, "拉丁字母") || !strings.Contains(en, "mixes Latin letters") {
			t.Errorf("%q: %v; want refused as mixed alphabets, naming product.name, Chinese first", tt.s, err)
		}
	}
}
