package footprint_test

import (
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Ensure a product is not registered under a model that no certificate
// could carry (footprint.CheckModelCharacters, which the issue runs): a
// look-alike model ("DEMO-M10-５４" in full-width digits) registered, and
// its studies went as far as the issue before being refused. The registry
// itself compares models exactly, so this is consistency, not a second
// lineage (that is factordb.TestRedteam2_ModelLookAlikeStartsNoSecondLineage).
func TestRedteam2_ProductModelLookAlike(t *testing.T) {
	for _, model := range []string{"DEMO-M10-５４", "DEMO-M1〇-54", "DEMO一M10一54"} {
		t.Run(model, func(t *testing.T) {
			p := &footprint.ProductRecord{Product: footprint.Product{Name: "PV module", Model: model}}
			if err := p.Validate(); footprint.ErrorField(err) != "model" {
				t.Fatalf("product with model %q: %v, want an error naming model", model, err)
			}
		})
	}
	ok := &footprint.ProductRecord{Product: footprint.Product{Name: "PV module", Model: "光伏组件 LR5-72（双面）"}}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
}

// Ensure the model check refuses a Chinese stroke that reads as a dash, 1
// or O only where it stands next to Latin text, and accepts the real
// product names in which it is a character (review: "一体机 A1" is an
// all-in-one desktop, a product of the CNCA catalogue).
func TestCheckModelCharacters_LookAlikeStrokes(t *testing.T) {
	for _, model := range []string{"一体机 A1", "十代 i7", "工业平板 X10", "口袋本 P1", "二代双玻", "丫字形支架 Y1", "LR5-72HPH-550M", "TSM-DE19R", "JKM580N-72HL4-V", "Vertex S+", "ThinkPad X1 Carbon Gen 11", "27GP850-B", "丁苯橡胶 SBR1502", "乙醇 E10"} {
		if err := footprint.CheckModelCharacters("product.model", model); err != nil {
			t.Errorf("%q refused: %v", model, err)
		}
	}
	for _, model := range []string{"DEMO一M10一54", "DEMO-M丨0-54", "DEMO 一 M10-54", "M1口-54", "MateBook Ⅱ", "DEMO-M10-５４", "DEMO-丅X1", "DEMO-T乂1", "丫-100", "M匚-1", "凵SB-2", "乚CD-3", "DEMO-乙00", "DEMO-M1乙", "匸S-1", "丁X-2", "冂B-3"} {
		if err := footprint.CheckModelCharacters("product.model", model); footprint.ErrorField(err) != "product.model" {
			t.Errorf("%q: %v, want a refusal naming product.model", model, err)
		}
	}
}

// Ensure a product-code query parses [SCHEME:]digits with a match mode and
// matches by prefix (a longer code finding its heading of 6 digits or
// more), exactly, and within its scheme when it names one.
func TestProductCodeQuery(t *testing.T) {
	hs := footprint.ProductCode{Scheme: "HS", Code: "854143"}
	cnpc := footprint.ProductCode{Scheme: "CNPC", Code: "854143"}
	for _, tt := range []struct {
		code, match string
		hs, cnpc    bool
	}{
		{"8541", "", true, true},
		{" 85.41 ", "prefix", true, true},
		{"hs:8541", "", true, false},
		{"CNPC:854143", "exact", false, true},
		{"854143", "exact", true, true},
		{"8541", "exact", false, false},
		// A longer code finds its heading of 6 digits or more (red team 48).
		{"8541430", "", true, true},
		{"HS:85414300", "", true, false},
		{"8541430", "exact", false, false},
		{"8541490", "", false, false},
	} {
		q, err := footprint.ParseProductCodeQuery(tt.code, tt.match)
		if err != nil {
			t.Fatalf("%q %q: %v", tt.code, tt.match, err)
		}
		if q.Match(hs) != tt.hs || q.Match(cnpc) != tt.cnpc || q.MatchString(hs.String()) != tt.hs || q.MatchString(cnpc.String()) != tt.cnpc {
			t.Errorf("%q %q: HS %v CNPC %v, want %v %v", tt.code, tt.match, q.Match(hs), q.Match(cnpc), tt.hs, tt.cnpc)
		}
	}
	if q, err := footprint.ParseProductCodeQuery("  ", "exact"); q != nil || err != nil || !q.MatchAny(nil) {
		t.Fatalf("blank code: %v %v", q, err)
	}
	for _, tt := range []struct{ code, match, field string }{
		{"XX:8541", "", "product_code"},
		{"8", "", "product_code"},
		{"85a1", "", "product_code"},
		{"HS:", "", "product_code"},
		{"8541", "fuzzy", "product_code_match"},
	} {
		_, err := footprint.ParseProductCodeQuery(tt.code, tt.match)
		if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != tt.field {
			t.Errorf("%q %q: %v, want invalid %s", tt.code, tt.match, err, tt.field)
		}
	}
}
