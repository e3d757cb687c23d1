package certification_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// demoNamed checks the demo module (rated 433.6 Wp) with its product
// field ("product.name", "product.name_zh" or "product.model") set to text.
func demoNamed(t *testing.T, field, text string) error {
	t.Helper()
	st := mustDemoStudy(t)
	p := &st.Product
	*map[string]*string{"product.name": &p.Name, "product.name_zh": &p.NameZH, "product.model": &p.Model}[field] = text
	return certification.CheckPrintable(st)
}

// checkPowerCases checks that the demo module's names stating the powers
// of refused are refused naming their field, and those of accepted are
// accepted.
func checkPowerCases(t *testing.T, refused, accepted []claimCase) {
	t.Helper()
	for _, tt := range refused {
		if err := demoNamed(t, tt.field, tt.text); footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != tt.field {
			t.Errorf("%s %q of a module rated 433.6 Wp: %v; want 400 invalid naming %s", tt.field, tt.text, err, tt.field)
		}
	}
	for _, tt := range accepted {
		if err := demoNamed(t, tt.field, tt.text); err != nil {
			t.Errorf("%s %q of a module rated 433.6 Wp: %v, want accepted", tt.field, tt.text, err)
		}
	}
}

// Red team 76: the product's two names stating two powers. The demo module
// (rated 433.6 Wp in its study, which the signed per-kWp figure rests on)
// applied for as "示例单晶硅光伏组件 430W(54片M10电池)" and "Demo mono-Si PV
// module 550 W, 54 M10 cells" was issued on pcf serve (CDPCF-2026-000002):
// the certificate printed both halves in its product row beside "151
// kgCO2e" and "348 kgCO2e/千瓦峰值功率 per kWp". A reader of the English half
// takes it for a 550 W module, 275 kgCO2e per kWp, 21 % less than signed;
// the certificate signs no rated power for them to compare with. A power
// in a name or the model is what the product is sold by: it must be the
// study's rated power (within 5 %, a nameplate's rounding to its power
// class), and the two names must not state different powers.
func TestRedteam76_NamesStateAnotherPower(t *testing.T) {
	checkPowerCases(t, []claimCase{
		{"product.name", "Demo mono-Si PV module 550 W, 54 M10 cells"},
		{"product.name", "Demo mono-Si PV module 550Wp"},
		{"product.name", "Demo mono-Si PV module 0.55 kWp"},
		{"product.name", "Demo mono-Si PV module 550 W"},
		{"product.name", "Demo mono-Si PV module ５５０Ｗ"},
		{"product.name_zh", "示例单晶硅光伏组件 550瓦"},
		{"product.name_zh", "示例单晶硅光伏组件 0.55千瓦"},
		{"product.name_zh", "示例单晶硅光伏组件 400W"},
		{"product.model", "DEMO-M10-54-550W"},
		{"product.name", "Demo mono-Si PV module 550 watts"},
		{"product.name", "Demo mono-Si PV module 0.55 kilowatts"},
		{"product.name_zh", "示例单晶硅光伏组件 五五〇瓦"},
		{"product.name_zh", "示例单晶硅光伏组件 550瓦特"},
	}, []claimCase{
		{"product.name", "Demo mono-Si PV module 430 W, 54 M10 cells"},
		{"product.name", "Demo mono-Si PV module 435Wp"},
		{"product.name_zh", "示例单晶硅光伏组件 430W(54片M10电池)"},
		{"product.name_zh", "示例单晶硅光伏组件 0.43千瓦"},
		{"product.name", "Demo mono-Si PV module, 1500 V system voltage, 30 Wh/kg"},
		{"product.name_zh", "示例单晶硅光伏组件 年发电量 600千瓦时"},
		{"product.model", "DEMO-M10-54"},
		{"product.name", "Demo mono-Si PV module, wattage class 430"},
		{"product.name_zh", "示例单晶硅光伏组件 一体化 三代"},
	})

	// The halves of a product with no rated power (the laptop) may state
	// a power (its charger's), but the same one.
	laptop := func(zh, en string) error {
		st := seedtest.Stored(t, "laptop", "9b1f0c1e-2f7b-4d1a-9c3e-5b8d7f6a4e21", nil)
		st.Product.NameZH, st.Product.Name = zh, en
		return certification.CheckPrintable(st)
	}
	err := laptop("示例笔记本电脑 (100W 充电器)", "Demo laptop with 65 W charger")
	if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "product.name" {
		t.Errorf("names stating 100W and 65 W: %v; want 400 invalid naming product.name", err)
	} else {
		zh, en, ok := strings.Cut(footprint.ErrorMessage(err), "。")
		if !ok || !strings.Contains(zh, "100W") || !strings.Contains(en, "65 W") || strings.Contains(en, "。") {
			t.Errorf("message %q: want Chinese, then one 。, then English, naming both powers", footprint.ErrorMessage(err))
		}
	}
	if err := laptop("示例笔记本电脑 (65W 充电器)", "Demo laptop with 65 W charger"); err != nil {
		t.Errorf("names stating the same power: %v, want accepted", err)
	}
	if err := laptop("示例笔记本电脑", "Demo laptop with 65 W charger"); err != nil {
		t.Errorf("one name stating a power: %v, want accepted", err)
	}
	// Two powers in each name, in another order: the same powers
	// (reviewer 47; each was compared with every other).
	if err := laptop("示例笔记本电脑 (45W 处理器, 65W 充电器)", "Demo laptop, 65 W charger, 45 W processor"); err != nil {
		t.Errorf("names stating the same two powers: %v, want accepted", err)
	}
	if err := laptop("示例笔记本电脑 (45W 处理器, 65W 充电器)", "Demo laptop, 65 W charger, 100 W processor"); footprint.ErrorField(err) != "product.name" {
		t.Errorf("names stating 45W and 100 W beside 65 W: %v; want 400 invalid naming product.name", err)
	}

	err = demoNamed(t, "product.name", "Demo mono-Si PV module 550 W")
	zh, en, ok := strings.Cut(footprint.ErrorMessage(err), "。")
	if !ok || !strings.Contains(zh, "433.6") || !strings.Contains(en, "550 W") || !strings.Contains(en, "433.6 Wp") || strings.Contains(en, "。") {
		t.Errorf("message %q: want Chinese, then one 。, then English, naming the power and the rated power", footprint.ErrorMessage(err))
	}
}
