package factordb

import (
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
)

// codecFactor returns a synthetic factor with every stored field set to a
// value that exercises the encoding: Unicode, control bytes, negative and
// extreme numbers.
func codecFactor() *footprint.Factor {
	return &footprint.Factor{
		Code:            "TEST-CODEC_1.0",
		NameZH:          "测试：编码（单晶硅）",
		NameEN:          "Test — codec ✓ «π» 🌞",
		Category:        footprint.CategoryComponent,
		ElectricityRole: footprint.GenerationRole("pv"), // not valid on a component, but encodable
		TransportMode:   footprint.ModeSea,              // likewise
		Treatment:       "玻璃 recycling ✓",               // not a known treatment, but encodable
		Value:           -math.MaxFloat64,
		Unit: footprint.FactorUnit{
			Emitted: "gCO2e", Basis: footprint.BasisCO2e, EmittedKg: 1e-3,
			Per:       footprint.Unit{Symbol: "cm²", Dim: footprint.DimArea, ToBase: 1e-4},
			Qualifier: "die",
		},
		Boundary:     footprint.BoundaryCradleToGrave,
		Geography:    "CN-SC",
		Year:         -7, // negative: the zig-zag path (never valid, but encodable)
		ProductCodes: []footprint.ProductCode{{Scheme: "HS", Code: "854142"}, {Scheme: "CNPC", Code: "85414200"}},
		Source: footprint.Source{
			Publisher: "测试 Publisher", Document: "doc\nline 2", Date: "2024-06", Locator: "https://example.invalid/测试",
		},
		Licence:        "CC0",
		Quality:        footprint.DataQuality{TeR: 1, GR: 2, TiR: 4, P: 5, Grade: "B-UK"},
		UncertaintyPct: math.SmallestNonzeroFloat64,
		Notes:          "\x00\xff not UTF-8 \x01",
		Status:         footprint.StatusSuperseded,
		SupersededBy:   "TEST-OTHER",
		Set:            "not-stored",
	}
}

func TestFactorCodec_RoundTrip(t *testing.T) {
	// Ensure every field but Set survives an encode/decode round trip, and
	// that the fixture sets every field (a new Factor field without codec
	// support fails here).
	want := codecFactor()
	assertNonZero(t, reflect.ValueOf(*want), "Factor")

	v := appendFactor(nil, want)
	if got, want := v[0], byte(factorFormat3); got != want {
		t.Fatalf("format byte=%d, want %d", got, want)
	}
	got, err := decodeFactor(v)
	if err != nil {
		t.Fatal(err)
	}
	want.Set = ""
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("decoded=%+v,\nwant %+v", got, want)
	}

	// Each class attribute alone picks the smallest format that holds it.
	for _, tt := range []struct {
		name   string
		change func(f *footprint.Factor)
		format byte
	}{
		{"RoleOnly", func(f *footprint.Factor) { f.TransportMode, f.Treatment = "", "" }, factorFormat2},
		{"ModeOnly", func(f *footprint.Factor) { f.ElectricityRole, f.Treatment = "", "" }, factorFormat3},
		{"TreatmentOnly", func(f *footprint.Factor) { f.ElectricityRole, f.TransportMode = "", "" }, factorFormat3},
		{"None", func(f *footprint.Factor) { f.ElectricityRole, f.TransportMode, f.Treatment = "", "", "" }, factorFormat1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := codecFactor()
			f.Set = ""
			tt.change(f)
			v := appendFactor(nil, f)
			if v[0] != tt.format {
				t.Fatalf("format byte=%d, want %d", v[0], tt.format)
			}
			got, err := decodeFactor(v)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, f) {
				t.Fatalf("decoded=%+v,\nwant %+v", got, f)
			}
		})
	}

	// The decoded factor owns its memory: overwriting the record changes
	// nothing (bbolt reuses the page after the transaction).
	for i := range v {
		v[i] = 0xAA
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("decoded factor aliases the record: %+v", got)
	}
}

func TestFactorCodec_Zero(t *testing.T) {
	// Ensure a zero factor round-trips (nil product codes stay nil).
	v := appendFactor(nil, &footprint.Factor{})
	got, err := decodeFactor(v)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, &footprint.Factor{}) {
		t.Fatalf("decoded=%+v, want zero", got)
	}
	var neg footprint.Factor
	neg.Value = math.Copysign(0, -1)
	got, err = decodeFactor(appendFactor(nil, &neg))
	if err != nil {
		t.Fatal(err)
	}
	if !math.Signbit(got.Value) {
		t.Fatal("-0 lost its sign")
	}
}

func TestFactorCodec_Corrupt(t *testing.T) {
	// Ensure every truncation, trailing bytes and an unknown format are
	// errors wrapping errCorrupt, never a panic or a silently short factor.
	v := appendFactor(nil, codecFactor())
	for n := range len(v) {
		if _, err := decodeFactor(v[:n]); !errors.Is(err, errCorrupt) {
			t.Fatalf("truncated to %d bytes: err=%v, want errCorrupt", n, err)
		}
	}
	if _, err := decodeFactor(append(v[:len(v):len(v)], 0)); !errors.Is(err, errCorrupt) {
		t.Fatalf("trailing byte: err=%v, want errCorrupt", err)
	}
	w := append([]byte(nil), v...)
	w[0] = 4
	if _, err := decodeFactor(w); !errors.Is(err, errCorrupt) {
		t.Fatalf("format 4: err=%v, want errCorrupt", err)
	}
	// A format-1 record relabelled format 2 lacks the role: corrupt, not
	// a factor with an empty role.
	noRole := *codecFactor()
	noRole.ElectricityRole, noRole.TransportMode, noRole.Treatment = "", "", ""
	w = appendFactor(nil, &noRole)
	w[0] = factorFormat2
	if _, err := decodeFactor(w); !errors.Is(err, errCorrupt) {
		t.Fatalf("format 2 without a role: err=%v, want errCorrupt", err)
	}
	w = append(w, 0) // an empty role string
	if _, err := decodeFactor(w); !errors.Is(err, errCorrupt) {
		t.Fatalf("format 2 with an empty role: err=%v, want errCorrupt", err)
	}
	// Format 3 is written only for a mode or a treatment: a record with a
	// role and two empty strings was not written by appendFactor.
	roleOnly := *codecFactor()
	roleOnly.TransportMode, roleOnly.Treatment = "", ""
	w = append(appendFactor(nil, &roleOnly), 0, 0)
	w[0] = factorFormat3
	if _, err := decodeFactor(w); !errors.Is(err, errCorrupt) {
		t.Fatalf("format 3 without a mode or a treatment: err=%v, want errCorrupt", err)
	}
	// A huge product-code count must not allocate before failing.
	bad := []byte{factorFormat1}
	for range 11 { // the strings before the product codes
		bad = appendString(bad, "")
	}
	bad = appendFloat(appendFloat(appendFloat(bad, 0), 0), 0)
	bad = append(bad, 0)                                  // year
	bad = append(bad, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f) // count ≈ 2^39
	if _, err := decodeFactor(bad); !errors.Is(err, errCorrupt) {
		t.Fatalf("huge count: err=%v, want errCorrupt", err)
	}
}

func TestFactorCodec_Format1Unchanged(t *testing.T) {
	// Ensure a factor without an electricity role is still written in
	// format 1, byte for byte as before roles existed (the bytes below were
	// written by the format-1 codec), so that stored records and published
	// digests stay valid; and that such a record reads as a factor without
	// a role.
	f := &footprint.Factor{
		Code: "A-1", NameEN: "a", Category: footprint.CategoryMaterial, Value: 1.5,
		Unit:     footprint.FactorUnit{Emitted: "kgCO2e", Basis: footprint.BasisCO2e, EmittedKg: 1, Per: footprint.Unit{Symbol: "kg", Dim: footprint.DimMass, ToBase: 1}},
		Boundary: footprint.BoundaryCradleToGate, Geography: "CN", Year: 2024, Status: footprint.StatusActive,
	}
	const want = "0103412d31000161086d6174657269616c3ff8000000000000066b67434f326504434f32653ff0000000000000026b67046d6173733ff0000000000000000e637261646c652d746f2d6761746502434ed01f00000000000000000000000000000000000000000661637469766500"
	if got := hex.EncodeToString(appendFactor(nil, f)); got != want {
		t.Fatalf("record=%s,\nwant   %s", got, want)
	}
	b, _ := hex.DecodeString(want)
	got, err := decodeFactor(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, f) {
		t.Fatalf("decoded=%+v, want %+v", got, f)
	}
}

func TestFactorCodec_Format2Unchanged(t *testing.T) {
	// Ensure a factor with an electricity role but no transport mode or
	// treatment is still written in format 2, byte for byte as before modes
	// and treatments existed, so that the records and digests of sets
	// classified with roles only stay valid.
	f := &footprint.Factor{
		Code: "E-1", NameEN: "e", Category: footprint.CategoryElectricity, ElectricityRole: footprint.ElectricityRoleGridMix, Value: 0.5,
		Unit:     footprint.FactorUnit{Emitted: "kgCO2e", Basis: footprint.BasisCO2e, EmittedKg: 1, Per: footprint.Unit{Symbol: "kWh", Dim: footprint.DimEnergy, ToBase: 1}},
		Boundary: footprint.BoundaryLifeCycle, Geography: "CN", Year: 2024, Status: footprint.StatusActive,
	}
	v := appendFactor(nil, f)
	// The format-2 record is the format-1 record of the factor without its
	// role, with format byte 2 and the role appended.
	noRole := *f
	noRole.ElectricityRole = ""
	want := appendString(append([]byte{factorFormat2}, appendFactor(nil, &noRole)[1:]...), "grid-mix")
	if hex.EncodeToString(v) != hex.EncodeToString(want) {
		t.Fatalf("record=%x,\nwant   %x", v, want)
	}
}

func TestFactorCodec_Peek(t *testing.T) {
	// Ensure the code and names are read without a full decode.
	f := codecFactor()
	code, zh, en, err := peekFactorText(appendFactor(nil, f))
	if err != nil {
		t.Fatal(err)
	}
	if got := []string{string(code), string(zh), string(en)}; !reflect.DeepEqual(got, []string{f.Code, f.NameZH, f.NameEN}) {
		t.Fatalf("peek=%q", got)
	}
}

func TestFactorSetCodec_RoundTrip(t *testing.T) {
	// Ensure a factor-set record round-trips, draft (zero PublishedAt) and
	// published, with times in UTC to the nanosecond.
	for _, want := range []*footprint.FactorSet{
		{Version: "2026.1", Status: footprint.SetDraft, CreatedAt: time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)},
		{
			Version: "2026.2", Description: "第二版 ✓", BasedOn: "2026.1", Status: footprint.SetPublished,
			CreatedAt: time.Date(1969, 12, 31, 23, 59, 59, 999999999, time.UTC), PublishedAt: time.Date(2026, 3, 1, 0, 0, 0, 1, time.UTC),
			FactorCount: 100000, Digest: "0123456789abcdef",
		},
	} {
		got, err := decodeFactorSet(appendFactorSet(nil, want))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("decoded=%+v, want %+v", got, want)
		}
	}
	assertNonZero(t, reflect.ValueOf(footprint.FactorSet{
		Version: "v", Description: "d", BasedOn: "b", Status: "s", CreatedAt: time.Unix(1, 0),
		PublishedAt: time.Unix(2, 0), FactorCount: 1, Digest: "x",
	}), "FactorSet") // a new FactorSet field needs adding here and to the codec
}

func TestCursor(t *testing.T) {
	// Ensure a cursor round-trips and anything else is EINVALID.
	set, last, err := decodeCursor(encodeCursor("2026.1", "TEST-0001"))
	if err != nil {
		t.Fatal(err)
	}
	if set != "2026.1" || last != "TEST-0001" {
		t.Fatalf("decoded %q %q", set, last)
	}
	for _, c := range []string{"x", "AA", encodeCursor("", "TEST-1"), encodeCursor("2026.1", ""), encodeCursor("2026.1", "bad code")} {
		if _, _, err := decodeCursor(c); footprint.ErrorCode(err) != footprint.EINVALID {
			t.Errorf("cursor %q: err=%v, want EINVALID", c, err)
		}
	}
}

func TestCompareVersions(t *testing.T) {
	// Ensure versions order naturally.
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"2026.1", "2026.1", 0},
		{"2026.1", "2026.2", -1},
		{"2026.9", "2026.10", -1},
		{"2026.10", "2026.9", 1},
		{"2026.01", "2026.1", 0},
		{"2025.12", "2026.1", -1},
		{"2026.1", "2026.1-rc1", -1},
		{"2026.1a", "2026.1b", -1},
		{"v2", "v10", -1},
	} {
		got := compareVersions(tt.a, tt.b)
		if sign(got) != tt.want {
			t.Errorf("compareVersions(%q, %q)=%d, want %d", tt.a, tt.b, got, tt.want)
		}
		if sign(compareVersions(tt.b, tt.a)) != -tt.want {
			t.Errorf("compareVersions(%q, %q) not antisymmetric", tt.b, tt.a)
		}
	}
}

func sign(x int) int {
	switch {
	case x < 0:
		return -1
	case x > 0:
		return 1
	}
	return 0
}

func TestContainsFold(t *testing.T) {
	// Ensure case-insensitive matching for ASCII and non-ASCII text.
	for _, tt := range []struct {
		s, needle string
		want      bool
	}{
		{"Primary ALUMINIUM", "aluminium", true},
		{"PV module", "pv mod", true},
		{"PV", "pv module", false},
		{"光伏组件", "组件", true},
		{"Ünïcode Name", "ünï", true},
		{"abc", "", true},
		{"", "a", false},
		{"光伏", "光伏组件", false},
	} {
		if got := containsFold([]byte(tt.s), tt.needle); got != tt.want {
			t.Errorf("containsFold(%q, %q)=%v, want %v", tt.s, tt.needle, got, tt.want)
		}
	}
}

// assertNonZero fails if any field of v (recursively) is zero.
func assertNonZero(tb testing.TB, v reflect.Value, path string) {
	tb.Helper()
	switch v.Kind() {
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			if v.IsZero() {
				tb.Fatalf("%s is zero", path)
			}
			return
		}
		for i := range v.NumField() {
			assertNonZero(tb, v.Field(i), path+"."+v.Type().Field(i).Name)
		}
	case reflect.Slice:
		if v.Len() == 0 {
			tb.Fatalf("%s is empty", path)
		}
		for i := range v.Len() {
			assertNonZero(tb, v.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
	default:
		if v.IsZero() {
			tb.Fatalf("%s is zero", path)
		}
	}
}
