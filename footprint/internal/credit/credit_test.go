package credit

import (
	"fmt"
	"strings"
	"testing"
)

type code string

func (c code) String() string { return string(c) }

// Ensure the seed set's factors are classified as docs/study-format.md
// says: by their HS codes where they have any, else by the words of their
// code; and anything mixed or unknown is None.
func TestOf(t *testing.T) {
	for _, c := range []struct {
		code string
		pcs  []code
		want Material
	}{
		{"EOL-CREDIT-AL-DESNZ", nil, Aluminium},
		{"EOL-CREDIT-STEEL-DESNZ", nil, Steel},
		{"EOL-CREDIT-PLASTIC-DESNZ", nil, Plastics},
		{"EOL-PLASTIC-MECHREC-CN", nil, Plastics},
		{"EOL-RECYCLE-DESNZ", nil, None},
		{"PV-AL-PRIMARY-ELEC", []code{"HS:760110"}, Aluminium},
		{"PV-AL-PROFILE", []code{"HS:7604"}, Aluminium},
		{"PV-AL-RECYCLED", []code{"HS:7601"}, Aluminium},
		{"MAT-STEEL-CR", []code{"HS:7209", "HS:721123", "HS:721129"}, Steel},
		{"MAT-STEEL-AVG", nil, Steel},
		{"MAT-STEEL-EAF", nil, Steel},
		{"MAT-PLASTIC-AVG-DESNZ", nil, Plastics},
		{"MAT-PP-CN", []code{"HS:390210"}, Plastics},
		{"MAT-PVC-DESNZ", []code{"HS:390410", "HS:390421", "HS:390422"}, Plastics},
		{"MAT-PET-FIB-CN", []code{"HS:5402"}, None}, // HS decides: yarn, not plastics
		{"MAT-CU-CN", []code{"HS:7403"}, None},
		{"ELEC-PSU", []code{"HS:850440"}, None},
		{"ELEC-DISP-GLASS", nil, None},
		{"X-AL-STEEL", nil, None},                          // two materials named
		{"X", []code{"HS:7604", "HS:7209"}, None},          // two materials coded
		{"X-PLASTIC", []code{"CPC:34710"}, Plastics},       // no HS code: the words
		{"", []code{"HS:7326"}, Steel},                     // a supplier's article of steel
		{"CPCD-41232X0092022C", []code{"CPC:41232"}, None}, // not told
	} {
		if got := Of(c.code, c.pcs); got != c.want {
			t.Errorf("Of(%q, %v) = %v, want %v", c.code, c.pcs, got, c.want)
		}
	}
}

// Ensure a credit is bounded by its material's held mass within the
// tolerance, a credit of None not at all, and the line named is the one
// that takes its material over.
func TestLedger(t *testing.T) {
	var l Ledger
	l.Hold(Aluminium, 0.5, true, false)
	l.Hold(Aluminium, 0.034, true, false)
	l.Hold(Aluminium, 10, false, false) // packaging not in a mass unit
	l.Hold(Steel, 1, true, false)
	l.Credit("end_of_life[0]", "recycling", 0.5, Aluminium)
	l.Credit("end_of_life[1]", "recycling", 5, None)
	l.Credit("end_of_life[2]", "recycling", 0.039, Aluminium) // 0.539: within 1 %
	if i, _, _ := l.OverMaterial(1); i != -1 {
		t.Fatalf("OverMaterial = %d, want -1", i)
	}
	l.Credit("end_of_life[3]", "recycling", 1, Steel)
	l.Credit("end_of_life[4]", "recycling", 0.002, Aluminium) // 0.541
	if i, m, kg := l.OverMaterial(1); i != 4 || m != Aluminium || kg < 0.5409 || kg > 0.5411 {
		t.Fatalf("OverMaterial = %d, %v, %g; want 4, aluminium, 0.541", i, m, kg)
	}
	if i := l.Over(5.5); i != 2 {
		t.Errorf("Over(5.5) = %d, want 2", i)
	}
	if got := l.TotalKg; got < 6.5409 || got > 6.5411 {
		t.Errorf("TotalKg = %g, want 6.541", got)
	}
}

// Red team 77: a walk at net quantities restates what the lines hold, and
// the bound is checked against it.
func TestSumRestate(t *testing.T) {
	var l Ledger
	l.Hold(Aluminium, 1.068, true, false) // the inventory's hold, with a parent's 50 % scrap
	l.Credit("end_of_life[1]", "recycling", 1.068, Aluminium)
	var asm, b, p Sum
	asm.Leaf(0.267, 0, Aluminium, true) // per unit of a sub-assembly used twice
	b.Add(&asm, 2)
	b.Leaf(0.2, 0.2, Plastics, false) // a line whose material does not count
	p.Leaf(0.1, 0, Aluminium, true)
	l.Restate(&b, &p)
	if got := l.Held(Aluminium); got < 0.6339 || got > 0.6341 {
		t.Errorf("aluminium held after the walks: %v, want 0.634", got)
	}
	if l.Held(Plastics) != 0 || b.Kg < 0.7339 || b.Kg > 0.7341 || b.Weighed != 0.2 {
		t.Errorf("plastics %v, kg %v, weighed %v: want 0, 0.734, 0.2", l.Held(Plastics), b.Kg, b.Weighed)
	}
	if i, m, kg := l.OverMaterial(1); i != 0 || m != Aluminium || kg != 1.068 {
		t.Errorf("OverMaterial: %d %v %v, want the credit of 1.068 kg of aluminium over", i, m, kg)
	}
}

// Red team 78: credits of a material that rest on the packaging's are
// warned, naming the credit line that goes over what the bill of materials
// holds, in both languages; credits within it are not.
func TestOnPackaging(t *testing.T) {
	var l Ledger
	l.Hold(Aluminium, 0.534, true, false)
	l.Hold(Aluminium, 1.5, true, true)
	l.Credit("end_of_life[1]", "recycling", 0.5, Aluminium)
	if w := l.OnPackaging(1); w.Field != "" {
		t.Errorf("0.5 kg credited of 0.534 kg in the bill of materials: warned at %q", w.Field)
	}
	l.Credit("end_of_life[3]", "recycling", 1.5, Aluminium)
	w := l.OnPackaging(1)
	p, en, zh := w.Field, w.EN, w.ZH
	if p != "end_of_life[3].quantity" || !strings.Contains(en, "claim 2 kg per declared unit, more than the 0.534 kg of it the bill of materials holds: they rest on the 1.5 kg") || !strings.Contains(zh, "铝(HS 第 76 章)的回收抵扣声明每声明单位 2 kg") {
		t.Errorf("2 kg credited of 0.534 kg and 1.5 kg of packaging: %q %q %q", p, en, zh)
	}
	var b, pk Sum
	b.Leaf(0.534, 0, Aluminium, true)
	pk.Leaf(1.5, 0, Aluminium, true)
	l.Restate(&b, &pk)
	if w := l.OnPackaging(1); w.Field != p {
		t.Errorf("after the walks: warned at %q, want %q", w.Field, p)
	}
}

// Red team 80: a credit pairs with the lines of its treatment on a factor
// of its material or of any material, each kilogram a line sends counted
// for one credit only, within the tolerance; a credit of None with any line
// of its treatment; another treatment's lines count for none of it.
func TestUnsent(t *testing.T) {
	refuse := func(field, zh, en string) error { return fmt.Errorf("%s: %s\n%s", field, en, zh) }
	for _, c := range []struct {
		name    string
		sends   func(*Ledger)
		credits func(*Ledger)
		want    string // "" accepted; else the field and English refused
	}{
		{"the demo laptop", func(l *Ledger) { l.Send("recycling", None, 0.534); l.Send("incineration", None, 1.507) },
			func(l *Ledger) { l.Credit("end_of_life[1]", "recycling", 0.534, Aluminium) }, ""},
		{"within 1 %", func(l *Ledger) { l.Send("recycling", None, 0.53) },
			func(l *Ledger) { l.Credit("end_of_life[1]", "recycling", 0.534, Aluminium) }, ""},
		{"over 1 %", func(l *Ledger) { l.Send("recycling", None, 0.528) },
			func(l *Ledger) { l.Credit("end_of_life[1]", "recycling", 0.534, Aluminium) }, "end_of_life[1].quantity: the recycling credits for aluminium (HS chapter 76) claim 0.534 kg per declared unit, more than the 0.528 kg"},
		{"another treatment's line", func(l *Ledger) { l.Send("incineration", None, 2.041) },
			func(l *Ledger) { l.Credit("end_of_life[0]", "recycling", 0.534, Aluminium) }, "end_of_life[0].quantity: the recycling credits for aluminium (HS chapter 76) claim 0.534 kg per declared unit, more than the 0 kg"},
		{"one line, two credits", func(l *Ledger) { l.Send("recycling", None, 0.534) },
			func(l *Ledger) {
				l.Credit("end_of_life[1]", "recycling", 0.534, Aluminium)
				l.Credit("end_of_life[3]", "recycling", 0.331, Plastics)
			}, "end_of_life[3].quantity: the recycling credits for aluminium (HS chapter 76) and plastics (HS chapter 39) claim 0.865 kg per declared unit, more than the 0.534 kg"},
		{"a line of another material", func(l *Ledger) { l.Send("recycling", Steel, 1) },
			func(l *Ledger) { l.Credit("end_of_life[1]", "recycling", 0.5, Aluminium) }, "end_of_life[1].quantity: the recycling credits for aluminium (HS chapter 76) claim 0.5 kg per declared unit, more than the 0 kg"},
		{"lines of each material", func(l *Ledger) { l.Send("recycling", Steel, 1); l.Send("recycling", Aluminium, 0.5) },
			func(l *Ledger) {
				l.Credit("end_of_life[2]", "recycling", 0.5, Aluminium)
				l.Credit("end_of_life[3]", "recycling", 1, Steel)
			}, ""},
		{"a material's line and a line of any", func(l *Ledger) { l.Send("recycling", Aluminium, 0.5); l.Send("recycling", None, 0.3) },
			func(l *Ledger) {
				l.Credit("end_of_life[2]", "recycling", 0.6, Aluminium)
				l.Credit("end_of_life[3]", "recycling", 0.3, Steel)
			}, "end_of_life[3].quantity: the recycling credits for aluminium (HS chapter 76) and iron and steel (HS chapters 72, 73) claim 0.9 kg per declared unit, more than the 0.8 kg"},
		{"an unclassified credit takes any line", func(l *Ledger) { l.Send("recycling", Aluminium, 0.5) },
			func(l *Ledger) { l.Credit("end_of_life[1]", "recycling", 0.5, None) }, ""},
		{"an unclassified credit beside a classified one", func(l *Ledger) { l.Send("recycling", Aluminium, 0.5) },
			func(l *Ledger) {
				l.Credit("end_of_life[1]", "recycling", 0.5, Aluminium)
				l.Credit("end_of_life[2]", "recycling", 0.1, None)
			}, "end_of_life[2].quantity: the recycling credits for an unclassified material and aluminium (HS chapter 76) claim 0.6 kg per declared unit, more than the 0.5 kg"},
	} {
		var l Ledger
		c.sends(&l)
		c.credits(&l)
		err := l.Unsent(1, refuse)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "回收抵扣")):
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}
