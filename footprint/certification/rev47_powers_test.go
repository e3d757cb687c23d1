package certification_test

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// Reviewer 47: the powers in a product's names, after red teams 76 and 78.
// Every power a name stated was held to the rated power, so honest names
// stating a tolerance or a part's power were refused ("435W(正公差0~+5W)"
// read as a 5 W module), and the two names had to state each other's
// every power ("65W" beside "65 W, 0.5 W standby" refused); and a rated
// power up to 5 % above the named class passed ("550W" rated 577 Wp: the
// per-kWp figure 5 % below what a reader of "550W" expects). A name's
// largest power is the product's: it may not exceed the rated power but
// by rounding (0.5 %), nor lie below it by more than a module's positive
// power tolerance (5 W, or 2 % of a large one); the model's powers may not
// exceed it; the two names' largest powers must be the same.
func TestReviewer47_PowersInNames(t *testing.T) {
	module := func(rated float64, field, text string) error {
		st := seedtest.Stored(t, "pv-module", "6e0a4c1e-2f7b-4d1a-9c3e-5b8d7f6a4e21", nil)
		p := &st.Product
		p.RatedPowerWp = rated
		*map[string]*string{"product.name": &p.Name, "product.name_zh": &p.NameZH, "product.model": &p.Model}[field] = text
		return certification.CheckPrintable(st)
	}
	for _, tt := range []struct {
		rated       float64
		field, text string
	}{
		{433.6, "product.name_zh", "示例组件 435W(正公差0~+5W)"},
		{433.6, "product.name", "Demo module, max. power 435 Wp, power tolerance 0~+5 W"},
		{433.6, "product.name", "Demo module 435 W with 5 W micro-optimizer"},
		{433.6, "product.model", "AE435SMM6-72W"},
		{433.6, "product.name", "Demo module 433,6 W"},
		{433.6, "product.name", "Demo module 430 W"},
		{104.9, "product.name", "Demo module 100 W"}, // 5 W below: a small module's tolerance
	} {
		if err := module(tt.rated, tt.field, tt.text); err != nil {
			t.Errorf("%s %q of a module rated %v Wp: %v, want accepted", tt.field, tt.text, tt.rated, err)
		}
	}
	for _, tt := range []struct {
		rated       float64
		field, text string
	}{
		{577, "product.name", "Demo module 550 W"},   // rated 4.9 % above the class
		{578.9, "product.name", "Demo module 550 W"}, // 5.3 %
		{433.6, "product.name", "Demo module 436 W"}, // above the rated power
		{433.6, "product.name", "Demo module 430 W, 550 W peak"},
		{433.6, "product.model", "DEMO-M10-54-550W"},
		{433.6, "product.name_zh", "示例组件 400W"},
		{433.6, "product.name", "Demo module 5 5 0 W"}, // read "0 W": no power is a power below the rated one
	} {
		if err := module(tt.rated, tt.field, tt.text); footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != tt.field {
			t.Errorf("%s %q of a module rated %v Wp: %v; want 400 invalid naming %s", tt.field, tt.text, tt.rated, err, tt.field)
		}
	}

	laptop := func(zh, en string) error {
		st := seedtest.Stored(t, "laptop", "9b1f0c1e-2f7b-4d1a-9c3e-5b8d7f6a4e21", nil)
		st.Product.NameZH, st.Product.Name = zh, en
		return certification.CheckPrintable(st)
	}
	for _, n := range [][2]string{
		{"示例笔记本 65W", "Demo laptop 65 W, 0.5 W standby"},
		{"示例笔记本 (65W 适配器)", "Demo laptop (65 W adapter, 2×2W speakers)"},
		{"示例笔记本 0W 待机", "Demo laptop 0 W standby"},
		{"示例储能 5千瓦时 2.5千瓦", "Demo storage 5 kW·h, 2.5 kW"},
	} {
		if err := laptop(n[0], n[1]); err != nil {
			t.Errorf("names %q and %q: %v, want accepted", n[0], n[1], err)
		}
	}
	if err := laptop("示例笔记本 (65W 适配器)", "Demo laptop (100 W adapter)"); footprint.ErrorField(err) != "product.name" {
		t.Errorf("names stating 65W and 100 W: %v; want 400 invalid naming product.name", err)
	}
}
