package access_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
)

// Ensure the Greek letters of established technical names beside Latin
// ones print as they read (session 51: "Demo α-Si thin-film module" was
// refused as a look-alike): amorphous and microcrystalline silicon (α-Si,
// μc-Si), the SI prefix micro before a unit after a number (150μm, 10 μF)
// and the ohm after a number (10kΩ, with the ohm sign too); since session
// 54 a colour difference (ΔE<2, ΔE00, ΔE*ab) and a power factor (cos φ).
func TestCheckPrintsAsItReads_TechnicalGreek(t *testing.T) {
	for _, s := range []string{
		"Demo α-Si thin-film module",
		"Demo α-Si:H/μc-Si:H tandem module",
		"示例非晶硅α-Si薄膜组件",
		"μc-Si module",
		"Demo module, 150μm wafers",
		"Demo inverter, 470 μF capacitors",
		"Demo sensor 10kΩ",
		"Demo sensor 10 k\u2126 NTC",
		"Demo module 2.2MΩ",
		"Demo 27-inch monitor, ΔE<2",
		"Demo monitor ΔE00 ≤ 1.5, ΔE*ab < 2",
		"示例显示器ΔE<2",
		"Demo inverter, cos φ 0.8 leading to 0.8 lagging",
		"Demo inverter cosφ=1",
	} {
		if err := access.CheckPrintsAsItReads("product.name", s); err != nil {
			t.Errorf("%q: %v, want accepted", s, err)
		}
	}
}

// Ensure a Greek letter beside Latin ones outside those names is still
// refused, Chinese first, naming the field: a look-alike inside a word
// ("cαrbon", "neμtral", "Dεmo"), the names' letters inside a word or
// with a letter after ("cα-Si", "α-Silicon"), μ without a number before
// or a unit after ("μm" alone, "150μmodule"), Ω after a letter, Δ not
// before E alone, φ not after cos as a word.
func TestCheckPrintsAsItReads_OtherGreekStillRefused(t *testing.T) {
	for _, s := range []string{
		"Demo cαrbon neutral module",
		"Demo carbon neμtral module",
		"Dεmo Module",
		"Demo cα-Si module",
		"Demo α-Silicon module",
		"Demo α-Si2 module",
		"Demo μm module",
		"Demo 150μmodule",
		"Demo 150μc module",
		"Demo moduleΩ",
		"Demo ΩK module",
		"Demo ΔEmo module", // Δ and φ only in their names
		"Demo ΔX module",
		"Demo xΔE module",
		"Demo φoton module",
		"Demo cos φi module",
		"Demo acos φ module",
		"Dеmo Module Co.", // Cyrillic е
		"Ꭰemo Module Co.", // Cherokee Ꭰ
	} {
		err := access.CheckPrintsAsItReads("product.name", s)
		zh, en, ok := strings.Cut(footprint.ErrorMessage(err), "。")
		if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "product.name" || !ok || !strings.Contains(zh, "拉丁字母") || !strings.Contains(en, "mixes Latin letters") {
			t.Errorf("%q: %v; want refused as mixed alphabets, naming product.name, Chinese first", s, err)
		}
	}
}
