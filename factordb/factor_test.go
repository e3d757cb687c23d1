package factordb_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

// Test factors are synthetic: codes start with TEST-, sources say so, and
// values are round numbers that belong to no dataset.

// newFactor returns a valid synthetic factor.
func newFactor(code string) *footprint.Factor {
	return &footprint.Factor{
		Code:      code,
		NameZH:    "测试因子 " + code,
		NameEN:    "Test factor " + code,
		Category:  footprint.CategoryMaterial,
		Value:     1,
		Unit:      mustFactorUnit("kgCO2e/kg"),
		Boundary:  footprint.BoundaryCradleToGate,
		Geography: "CN",
		Year:      2024,
		Source:    footprint.Source{Publisher: "Test fixture", Document: "synthetic test data"},
		Status:    footprint.StatusActive,
	}
}

// with returns a copy of f changed by fn.
func with(f *footprint.Factor, fn func(f *footprint.Factor)) *footprint.Factor {
	g := *f
	g.ProductCodes = slices.Clone(f.ProductCodes)
	fn(&g)
	return &g
}

func mustFactorUnit(s string) footprint.FactorUnit {
	u, err := footprint.ParseFactorUnit(s)
	if err != nil {
		panic(err)
	}
	return u
}

func pcs(codes ...string) []footprint.ProductCode {
	var out []footprint.ProductCode
	for _, c := range codes {
		pc, err := footprint.ParseProductCode(c)
		if err != nil {
			panic(err)
		}
		out = append(out, pc)
	}
	return out
}

func ptr[T any](v T) *T { return &v }

// equalFactor compares the content of two factors: every field but Set, the
// version of the set a factor was read from (TestFactorService_FactorSet).
func equalFactor(a, b *footprint.Factor) bool {
	if a == nil || b == nil {
		return a == b
	}
	x, y := *a, *b
	x.Set, y.Set = "", ""
	return reflect.DeepEqual(x, y)
}

// equalFactors is equalFactor over slices.
func equalFactors(a, b []*footprint.Factor) bool {
	return slices.EqualFunc(a, b, equalFactor)
}

func equalSet(a, b *footprint.FactorSet) bool { return reflect.DeepEqual(a, b) }

// snapshot is everything stored about one set.
type snapshot struct {
	set     *footprint.FactorSet
	factors []*footprint.Factor
}

func mustSnapshot(tb testing.TB, svc *factordb.FactorService, version string) snapshot {
	tb.Helper()
	set, err := svc.FindFactorSetByVersion(context.Background(), version)
	if err != nil {
		tb.Fatal(err)
	}
	factors, err := svc.ExportFactorSet(context.Background(), version)
	if err != nil {
		tb.Fatal(err)
	}
	return snapshot{set, factors}
}

func assertUnchanged(tb testing.TB, svc *factordb.FactorService, before snapshot) {
	tb.Helper()
	after := mustSnapshot(tb, svc, before.set.Version)
	if !reflect.DeepEqual(after, before) {
		tb.Fatalf("set %s changed:\n got %+v\nwant %+v", before.set.Version, after.set, before.set)
	}
}

// assertFactorCount fails unless the stored set counts want factors.
func assertFactorCount(tb testing.TB, svc *factordb.FactorService, version string, want int) {
	tb.Helper()
	if got := mustSnapshot(tb, svc, version).set.FactorCount; got != want {
		tb.Fatalf("FactorCount=%d, want %d", got, want)
	}
}

// assertStoredSet fails unless the set stored under want's version is want.
func assertStoredSet(tb testing.TB, svc *factordb.FactorService, want *footprint.FactorSet) {
	tb.Helper()
	if got := mustSnapshot(tb, svc, want.Version).set; !equalSet(got, want) {
		tb.Fatalf("stored set=%+v, want %+v", got, want)
	}
}

// assertCode fails unless err has the given code.
func assertCode(tb testing.TB, err error, want string) {
	tb.Helper()
	if got := footprint.ErrorCode(err); got != want {
		tb.Fatalf("ErrorCode(%v)=%q, want %q", err, got, want)
	}
}

func codes(factors []*footprint.Factor) []string {
	return keys(factors, func(f *footprint.Factor) string { return f.Code })
}

// keys returns key of each of xs, in order.
func keys[T any](xs []T, key func(T) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = key(x)
	}
	return out
}

func TestFactorService_CreateFactorSet(t *testing.T) {
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		// Ensure a new set is a draft with a creation time and no factors.
		svc := factordb.NewFactorService(MustOpenDB(t))
		set := &footprint.FactorSet{Version: "2026.1", Description: "first", Status: footprint.SetPublished, Digest: "ignored"}
		if err := svc.CreateFactorSet(ctx, set); err != nil {
			t.Fatal(err)
		}
		want := &footprint.FactorSet{Version: "2026.1", Description: "first", Status: footprint.SetDraft, CreatedAt: fixedNow.Add(time.Second)}
		if !equalSet(set, want) {
			t.Fatalf("set=%+v, want %+v", set, want)
		}
		assertStoredSet(t, svc, want)
	})

	t.Run("BasedOn", func(t *testing.T) {
		// Ensure a set based on another starts with a copy of its factors,
		// indexes included, and changes to it leave the original alone.
		svc := MustOpenDraftSet(t, "2026.1")
		MustImportFactors(t, svc, "2026.1",
			with(newFactor("TEST-0001"), func(f *footprint.Factor) { f.ProductCodes = pcs("854142") }),
			newFactor("TEST-0002"))
		before := mustSnapshot(t, svc, "2026.1")

		set := MustCreateFactorSet(t, svc, "2026.2", "2026.1")
		if got, want := set.FactorCount, 2; got != want {
			t.Fatalf("FactorCount=%d, want %d", got, want)
		}
		if got, want := set.BasedOn, "2026.1"; got != want {
			t.Fatalf("BasedOn=%q, want %q", got, want)
		}
		copied, err := svc.ExportFactorSet(ctx, "2026.2")
		if err != nil {
			t.Fatal(err)
		}
		if !equalFactors(copied, before.factors) {
			t.Fatalf("copied factors=%v, want %v", codes(copied), codes(before.factors))
		}
		page, err := svc.FindFactors(ctx, footprint.FactorFilter{Set: "2026.2", ProductCode: ptr("8541")})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := codes(page.Factors), []string{"TEST-0001"}; !slices.Equal(got, want) {
			t.Fatalf("copied index gives %v, want %v", got, want)
		}

		MustImportFactors(t, svc, "2026.2", with(newFactor("TEST-0001"), func(f *footprint.Factor) { f.Value = 2 }))
		assertUnchanged(t, svc, before)
	})

	t.Run("ErrConflict", func(t *testing.T) {
		// Ensure an existing version cannot be created again.
		svc := MustOpenDraftSet(t, "2026.1")
		err := svc.CreateFactorSet(ctx, &footprint.FactorSet{Version: "2026.1"})
		assertCode(t, err, footprint.ECONFLICT)
	})

	t.Run("ErrInvalidVersion", func(t *testing.T) {
		// Ensure malformed versions are refused.
		svc := factordb.NewFactorService(MustOpenDB(t))
		for _, v := range []string{"", " 2026", "2026/1", strings.Repeat("9", 33), ".2026"} {
			err := svc.CreateFactorSet(ctx, &footprint.FactorSet{Version: v})
			if got, want := footprint.ErrorCode(err), footprint.EINVALID; got != want {
				t.Errorf("version %q: code=%q, want %q", v, got, want)
			}
		}
		assertCode(t, svc.CreateFactorSet(ctx, nil), footprint.EINVALID)
		assertCode(t, svc.CreateFactorSet(ctx, &footprint.FactorSet{Version: "2026.1", BasedOn: "2026.1"}), footprint.EINVALID)
	})

	t.Run("ErrBasedOnNotFound", func(t *testing.T) {
		// Ensure a missing BasedOn is ENOTFOUND and creates nothing.
		svc := factordb.NewFactorService(MustOpenDB(t))
		err := svc.CreateFactorSet(ctx, &footprint.FactorSet{Version: "2026.2", BasedOn: "2026.1"})
		assertCode(t, err, footprint.ENOTFOUND)
		_, err = svc.FindFactorSetByVersion(ctx, "2026.2")
		assertCode(t, err, footprint.ENOTFOUND)
	})
}

func TestFactorService_ImportFactors(t *testing.T) {
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		// Ensure an import adds and replaces factors and reports the counts.
		svc := MustOpenDraftSet(t, "2026.1")
		sum := MustImportFactors(t, svc, "2026.1", newFactor("TEST-0001"), newFactor("TEST-0002"))
		if got, want := *sum, (footprint.ImportSummary{Set: "2026.1", Added: 2, Total: 2}); got != want {
			t.Fatalf("summary=%+v, want %+v", got, want)
		}
		sum = MustImportFactors(t, svc, "2026.1",
			with(newFactor("TEST-0002"), func(f *footprint.Factor) { f.Value = 2 }), newFactor("TEST-0003"))
		if got, want := *sum, (footprint.ImportSummary{Set: "2026.1", Added: 1, Replaced: 1, Total: 3}); got != want {
			t.Fatalf("summary=%+v, want %+v", got, want)
		}
		f, err := svc.FindFactorByCode(ctx, "2026.1", "TEST-0002")
		if err != nil {
			t.Fatal(err)
		}
		if got, want := f.Value, 2.0; got != want {
			t.Fatalf("Value=%v, want %v", got, want)
		}
		assertFactorCount(t, svc, "2026.1", 3)
	})

	t.Run("ReplaceReindexes", func(t *testing.T) {
		// Ensure replacing a factor removes its old index entries.
		svc := MustOpenDraftSet(t, "2026.1")
		MustImportFactors(t, svc, "2026.1", with(newFactor("TEST-0001"), func(f *footprint.Factor) {
			f.ProductCodes, f.Year, f.Geography = pcs("854142"), 2020, "CN-SC"
		}))
		MustImportFactors(t, svc, "2026.1", with(newFactor("TEST-0001"), func(f *footprint.Factor) {
			f.ProductCodes, f.Year, f.Geography = pcs("700719"), 2021, "GLO"
		}))
		// The old values find nothing (no stale index entry), the new ones
		// the factor.
		for _, tt := range []struct {
			filter footprint.FactorFilter
			want   []string
		}{
			{footprint.FactorFilter{Set: "2026.1", ProductCode: ptr("854142")}, nil},
			{footprint.FactorFilter{Set: "2026.1", Year: ptr(2020)}, nil},
			{footprint.FactorFilter{Set: "2026.1", Geography: ptr("CN-SC")}, nil},
			{footprint.FactorFilter{Set: "2026.1", ProductCode: ptr("700719")}, []string{"TEST-0001"}},
			{footprint.FactorFilter{Set: "2026.1", Year: ptr(2021)}, []string{"TEST-0001"}},
			{footprint.FactorFilter{Set: "2026.1", Geography: ptr("GLO")}, []string{"TEST-0001"}},
		} {
			page, err := svc.FindFactors(ctx, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			if got := codes(page.Factors); !slices.Equal(got, tt.want) {
				t.Errorf("%+v found %v, want %v", tt.filter, got, tt.want)
			}
		}
	})

	t.Run("ErrAtomic", func(t *testing.T) {
		// Ensure one bad factor among many fails the whole import, names the
		// factor and field, and leaves the set unchanged.
		svc := MustOpenDraftSet(t, "2026.1")
		MustImportFactors(t, svc, "2026.1", newFactor("TEST-0001"))
		before := mustSnapshot(t, svc, "2026.1")

		var batch []*footprint.Factor
		for i := range 20 {
			batch = append(batch, newFactor(fmt.Sprintf("TEST-%04d", i)))
		}
		batch[0].Value = 99 // would replace TEST-0000... if anything were written
		batch[12].Unit = footprint.FactorUnit{}
		_, err := svc.ImportFactors(ctx, "2026.1", batch)
		assertInvalid(t, err, "factors[12].unit")
		if msg := footprint.ErrorMessage(err); !strings.Contains(msg, `"TEST-0012"`) {
			t.Fatalf("message %q does not name the factor", msg)
		}
		assertUnchanged(t, svc, before)
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		// Ensure nil and duplicate factors are refused with their position.
		svc := MustOpenDraftSet(t, "2026.1")
		for _, tt := range []struct {
			name    string
			factors []*footprint.Factor
			field   string
		}{
			{"Nil", []*footprint.Factor{newFactor("TEST-0001"), nil}, "factors[1]"},
			{"Duplicate", []*footprint.Factor{newFactor("TEST-0001"), newFactor("TEST-0002"), newFactor("TEST-0001")}, "factors[2].code"},
			{"Code", []*footprint.Factor{newFactor("test-lower")}, "factors[0].code"},
			{"GeographyNUL", []*footprint.Factor{newFactor("TEST-0001"), with(newFactor("TEST-0002"), func(f *footprint.Factor) { f.Geography = "CN\x00SC" })}, "factors[1].geography"},
			{"Superseded", []*footprint.Factor{with(newFactor("TEST-0001"), func(f *footprint.Factor) { f.Status = footprint.StatusSuperseded })}, "factors[0].superseded_by"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				_, err := svc.ImportFactors(ctx, "2026.1", tt.factors)
				if got, want := footprint.ErrorCode(err), footprint.EINVALID; got != want {
					t.Fatalf("code=%q (%v), want %q", got, err, want)
				}
				if got, want := footprint.ErrorField(err), tt.field; got != want {
					t.Fatalf("field=%q, want %q", got, want)
				}
			})
		}
		assertFactorCount(t, svc, "2026.1", 0)
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		// Ensure importing into an unknown set is ENOTFOUND.
		svc := factordb.NewFactorService(MustOpenDB(t))
		_, err := svc.ImportFactors(ctx, "2026.1", []*footprint.Factor{newFactor("TEST-0001")})
		assertCode(t, err, footprint.ENOTFOUND)
	})
}

func TestFactorService_PublishFactorSet(t *testing.T) {
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		// Ensure publishing fixes the time, the count and a SHA-256 digest.
		svc := MustOpenDraftSet(t, "2026.1")
		MustImportFactors(t, svc, "2026.1", newFactor("TEST-0002"), newFactor("TEST-0001"))
		set := MustPublishFactorSet(t, svc, "2026.1")
		if got, want := set.Status, footprint.SetPublished; got != want {
			t.Fatalf("Status=%q, want %q", got, want)
		}
		// The test clock ticks a second a read: creation, the import's
		// audit event, publication.
		if got, want := set.PublishedAt, fixedNow.Add(3*time.Second); !got.Equal(want) {
			t.Fatalf("PublishedAt=%v, want %v", got, want)
		}
		if got, want := set.FactorCount, 2; got != want {
			t.Fatalf("FactorCount=%d, want %d", got, want)
		}
		if got, want := len(set.Digest), 64; got != want || strings.Trim(set.Digest, "0123456789abcdef") != "" {
			t.Fatalf("Digest=%q, want 64 hex digits", set.Digest)
		}
		assertStoredSet(t, svc, set)
	})

	t.Run("Digest", func(t *testing.T) {
		// Ensure the digest depends on the content only: the same factors
		// imported in another order give the same digest, a changed value a
		// different one.
		svc := factordb.NewFactorService(MustOpenDB(t))
		a, b, c := newFactor("TEST-0001"), newFactor("TEST-0002"), newFactor("TEST-0003")
		MustCreateFactorSet(t, svc, "A", "")
		MustImportFactors(t, svc, "A", a, b, c)
		MustCreateFactorSet(t, svc, "B", "")
		MustImportFactors(t, svc, "B", c)
		MustImportFactors(t, svc, "B", b, a)
		MustCreateFactorSet(t, svc, "C", "")
		MustImportFactors(t, svc, "C", a, b, with(c, func(f *footprint.Factor) { f.Value = 1.0000001 }))
		da := MustPublishFactorSet(t, svc, "A").Digest
		db := MustPublishFactorSet(t, svc, "B").Digest
		dc := MustPublishFactorSet(t, svc, "C").Digest
		if da != db {
			t.Fatalf("digests differ for the same content: %s, %s", da, db)
		}
		if da == dc {
			t.Fatalf("digest unchanged by a changed value: %s", da)
		}
	})

	t.Run("ErrEmpty", func(t *testing.T) {
		// Ensure an empty set cannot be published.
		svc := MustOpenDraftSet(t, "2026.1")
		_, err := svc.PublishFactorSet(ctx, "2026.1")
		assertCode(t, err, footprint.EINVALID)
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		// Ensure publishing an unknown set is ENOTFOUND.
		svc := factordb.NewFactorService(MustOpenDB(t))
		_, err := svc.PublishFactorSet(ctx, "2026.1")
		assertCode(t, err, footprint.ENOTFOUND)
	})
}

func TestFactorService_Immutable(t *testing.T) {
	// Ensure every write to a published set is refused with ECONFLICT and
	// changes nothing.
	ctx := context.Background()
	svc := MustOpenDraftSet(t, "2026.1")
	MustImportFactors(t, svc, "2026.1", newFactor("TEST-0001"), newFactor("TEST-0002"))
	MustPublishFactorSet(t, svc, "2026.1")
	before := mustSnapshot(t, svc, "2026.1")

	_, err := svc.ImportFactors(ctx, "2026.1", []*footprint.Factor{with(newFactor("TEST-0001"), func(f *footprint.Factor) { f.Value = 2 })})
	assertCode(t, err, footprint.ECONFLICT)
	if got, want := footprinttest.English(t, footprint.ErrorMessage(err)), "factor set 2026.1 is published and immutable"; got != want {
		t.Fatalf("message=%q, want %q", got, want)
	}
	_, err = svc.ImportFactors(ctx, "2026.1", []*footprint.Factor{newFactor("TEST-0003")})
	assertCode(t, err, footprint.ECONFLICT)
	_, err = svc.ImportFactors(ctx, "2026.1", nil)
	assertCode(t, err, footprint.ECONFLICT)
	_, err = svc.PublishFactorSet(ctx, "2026.1")
	assertCode(t, err, footprint.ECONFLICT)
	err = svc.CreateFactorSet(ctx, &footprint.FactorSet{Version: "2026.1"})
	assertCode(t, err, footprint.ECONFLICT)

	assertUnchanged(t, svc, before)
}

func TestFactorService_Supersede(t *testing.T) {
	// Ensure a new set based on an old one can supersede a factor, the old
	// set still returns the old value, and "" follows the latest publication.
	ctx := context.Background()
	svc := MustOpenDraftSet(t, "2026.1")
	old := newFactor("TEST-GRID-2023")
	MustImportFactors(t, svc, "2026.1", old, newFactor("TEST-OTHER"))
	MustPublishFactorSet(t, svc, "2026.1")

	MustCreateFactorSet(t, svc, "2026.2", "2026.1")
	superseded := with(old, func(f *footprint.Factor) {
		f.Status, f.SupersededBy = footprint.StatusSuperseded, "TEST-GRID-2024"
	})
	replacement := with(newFactor("TEST-GRID-2024"), func(f *footprint.Factor) { f.Value, f.Year = 2, 2025 })

	// Publishing with the replacement missing is refused: dangling superseded_by.
	MustImportFactors(t, svc, "2026.2", superseded)
	_, err := svc.PublishFactorSet(ctx, "2026.2")
	assertCode(t, err, footprint.EINVALID)
	if msg := footprint.ErrorMessage(err); !strings.Contains(msg, "TEST-GRID-2024") {
		t.Fatalf("message %q does not name the missing factor", msg)
	}
	if set, err := svc.FindFactorSetByVersion(ctx, "2026.2"); err != nil {
		t.Fatal(err)
	} else if got, want := set.Status, footprint.SetDraft; got != want {
		t.Fatalf("Status after refused publish=%q, want %q", got, want)
	}

	MustImportFactors(t, svc, "2026.2", replacement)
	MustPublishFactorSet(t, svc, "2026.2")

	for _, tt := range []struct {
		set  string
		want *footprint.Factor
	}{
		{"2026.1", old},
		{"2026.2", superseded},
		{"", superseded},
	} {
		got, err := svc.FindFactorByCode(ctx, tt.set, old.Code)
		if err != nil {
			t.Fatal(err)
		}
		if !equalFactor(got, tt.want) {
			t.Errorf("set %q: factor=%+v, want %+v", tt.set, got, tt.want)
		}
	}
	if _, err := svc.FindFactorByCode(ctx, "2026.1", replacement.Code); footprint.ErrorCode(err) != footprint.ENOTFOUND {
		t.Fatalf("replacement in the old set: err=%v, want ENOTFOUND", err)
	}
	page, err := svc.FindFactors(ctx, footprint.FactorFilter{Status: ptr(footprint.StatusSuperseded)})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := page.Set, "2026.2"; got != want {
		t.Fatalf("Set=%q, want %q", got, want)
	}
	if got, want := codes(page.Factors), []string{"TEST-GRID-2023"}; !slices.Equal(got, want) {
		t.Fatalf("superseded=%v, want %v", got, want)
	}
}

func TestFactorService_Latest(t *testing.T) {
	ctx := context.Background()

	t.Run("ErrNoneYet", func(t *testing.T) {
		// Ensure "" is ENOTFOUND while no set is published, even with drafts.
		svc := MustOpenDraftSet(t, "2026.1")
		MustImportFactors(t, svc, "2026.1", newFactor("TEST-0001"))
		_, err := svc.FindFactorByCode(ctx, "", "TEST-0001")
		assertCode(t, err, footprint.ENOTFOUND)
		_, err = svc.FindFactors(ctx, footprint.FactorFilter{})
		assertCode(t, err, footprint.ENOTFOUND)
		// The draft itself is readable by version.
		if _, err := svc.FindFactorByCode(ctx, "2026.1", "TEST-0001"); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("ByPublishedAt", func(t *testing.T) {
		// Ensure "" is the set published last, not the one created last or
		// with the highest version, and equal publication times fall back to
		// version order (2026.11 > 2026.9).
		db := MustOpenDB(t)
		svc := factordb.NewFactorService(db)
		for _, v := range []string{"2026.9", "2026.10", "2026.2", "2026.11"} {
			MustCreateFactorSet(t, svc, v, "")
			MustImportFactors(t, svc, v, with(newFactor("TEST-0001"), func(f *footprint.Factor) { f.NameEN = v }))
		}
		latest := func() string {
			t.Helper()
			f, err := svc.FindFactorByCode(ctx, "", "TEST-0001")
			if err != nil {
				t.Fatal(err)
			}
			return f.NameEN
		}
		MustPublishFactorSet(t, svc, "2026.10")
		MustPublishFactorSet(t, svc, "2026.2")
		if got, want := latest(), "2026.2"; got != want {
			t.Fatalf("latest=%q, want %q", got, want)
		}
		// A clock that stands still: the tie is broken by version order,
		// whichever is published first.
		stopped := db.Now()
		db.Now = func() time.Time { return stopped }
		MustPublishFactorSet(t, svc, "2026.11")
		MustPublishFactorSet(t, svc, "2026.9")
		if got, want := latest(), "2026.11"; got != want {
			t.Fatalf("latest=%q, want %q", got, want)
		}
	})
}

func TestFactorService_FindFactorSets(t *testing.T) {
	// Ensure sets are listed oldest first with their state.
	ctx := context.Background()
	svc := factordb.NewFactorService(MustOpenDB(t))
	if sets, err := svc.FindFactorSets(ctx); err != nil {
		t.Fatal(err)
	} else if len(sets) != 0 {
		t.Fatalf("sets=%d, want 0", len(sets))
	}
	MustCreateFactorSet(t, svc, "B", "")
	MustCreateFactorSet(t, svc, "A", "")
	MustImportFactors(t, svc, "A", newFactor("TEST-0001"))
	published := MustPublishFactorSet(t, svc, "A")
	sets, err := svc.FindFactorSets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range sets {
		got = append(got, s.Version+":"+string(s.Status))
	}
	if want := []string{"B:draft", "A:published"}; !slices.Equal(got, want) {
		t.Fatalf("sets=%v, want %v", got, want)
	}
	if !equalSet(sets[1], published) {
		t.Fatalf("set=%+v, want %+v", sets[1], published)
	}
}

func TestFactorService_FindFactorByCode(t *testing.T) {
	ctx := context.Background()
	svc := MustOpenDraftSet(t, "2026.1")
	want := newFactor("TEST-0001")
	MustImportFactors(t, svc, "2026.1", want)
	MustPublishFactorSet(t, svc, "2026.1")

	t.Run("OK", func(t *testing.T) {
		// Ensure a factor is found by code in a named set and in the latest.
		for _, set := range []string{"2026.1", ""} {
			got, err := svc.FindFactorByCode(ctx, set, "TEST-0001")
			if err != nil {
				t.Fatal(err)
			}
			if !equalFactor(got, want) {
				t.Fatalf("set %q: factor=%+v, want %+v", set, got, want)
			}
		}
	})

	t.Run("Independent", func(t *testing.T) {
		// Ensure a returned factor is the caller's: changing it changes
		// nothing stored.
		got, err := svc.FindFactorByCode(ctx, "2026.1", "TEST-0001")
		if err != nil {
			t.Fatal(err)
		}
		got.Value, got.NameEN = 42, "changed"
		again, err := svc.FindFactorByCode(ctx, "2026.1", "TEST-0001")
		if err != nil {
			t.Fatal(err)
		}
		if !equalFactor(again, want) {
			t.Fatalf("factor=%+v, want %+v", again, want)
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		// Ensure an unknown code or set is ENOTFOUND.
		for _, tt := range []struct{ set, code string }{
			{"2026.1", "TEST-9999"},
			{"2026.1", ""},
			{"2026.1", "test-0001"},
			{"2099.1", "TEST-0001"},
		} {
			_, err := svc.FindFactorByCode(ctx, tt.set, tt.code)
			if got, want := footprint.ErrorCode(err), footprint.ENOTFOUND; got != want {
				t.Errorf("%q/%q: code=%q, want %q", tt.set, tt.code, got, want)
			}
		}
	})
}

func TestFactorService_FindFactorsByCodes(t *testing.T) {
	ctx := context.Background()
	svc := MustOpenDraftSet(t, "2026.1")
	a, b := newFactor("TEST-0001"), with(newFactor("TEST-0002"), func(f *footprint.Factor) { f.Value = 2 })
	MustImportFactors(t, svc, "2026.1", a, b, newFactor("TEST-0003"))

	t.Run("OK", func(t *testing.T) {
		// Ensure the requested factors come back by code, duplicates allowed.
		got, err := svc.FindFactorsByCodes(ctx, "2026.1", []string{"TEST-0002", "TEST-0001", "TEST-0002"})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]*footprint.Factor{"TEST-0001": a, "TEST-0002": b}
		if got, want := len(got), len(want); got != want {
			t.Fatalf("len=%d, want %d", got, want)
		}
		for code, w := range want {
			if !equalFactor(got[code], w) {
				t.Fatalf("%s=%+v, want %+v", code, got[code], w)
			}
		}
	})

	t.Run("MissingCodes", func(t *testing.T) {
		// Ensure a missing code is left out of the snapshot (the engine
		// names the line that uses it) while an unknown set is ENOTFOUND.
		got, err := svc.FindFactorsByCodes(ctx, "2026.1", []string{"TEST-0001", "TEST-0404", "TEST-0405"})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := got["TEST-0404"]; ok || len(got) != 1 || got["TEST-0001"] == nil {
			t.Fatalf("snapshot=%v, want only TEST-0001", got)
		}
		_, err = svc.FindFactorsByCodes(ctx, "2099.1", []string{"TEST-0001"})
		assertCode(t, err, footprint.ENOTFOUND)
	})
}

// queryFixture is a small set covering every filterable attribute.
func queryFixture() []*footprint.Factor {
	base := newFactor("")
	f := func(code string, fn func(f *footprint.Factor)) *footprint.Factor {
		return with(base, func(f *footprint.Factor) { f.Code = code; fn(f) })
	}
	return []*footprint.Factor{
		f("TEST-PV-CELL", func(f *footprint.Factor) {
			f.NameZH, f.NameEN = "光伏电池（测试）", "PV cell (test)"
			f.Category, f.ProductCodes, f.Year = footprint.CategoryComponent, pcs("HS:854142"), 2023
		}),
		f("TEST-PV-MODULE", func(f *footprint.Factor) {
			f.NameZH, f.NameEN = "光伏组件（测试）", "PV module (test)"
			f.Category, f.ProductCodes, f.Year = footprint.CategoryProduct, pcs("CNPC:85414300"), 2024
		}),
		f("TEST-PV-MULTI", func(f *footprint.Factor) {
			// Several product codes under 8541 and 854142: listed once.
			f.NameZH, f.NameEN = "多编码（测试）", "Multi-coded (test)"
			f.Category, f.ProductCodes, f.Year = footprint.CategoryComponent, pcs("HS:854142", "CNPC:854142", "CNPC:85414200"), 2023
		}),
		f("TEST-DIODE", func(f *footprint.Factor) {
			f.NameZH, f.NameEN = "二极管（测试）", "Diode (test)"
			f.Category, f.ProductCodes, f.Geography = footprint.CategoryComponent, pcs("854110"), "GLO"
		}),
		f("TEST-BATTERY", func(f *footprint.Factor) {
			f.NameZH, f.NameEN = "锂电池（测试）", "Li-ion battery (test)"
			f.Category, f.ProductCodes, f.Status = footprint.CategoryComponent, pcs("850760"), footprint.StatusDeprecated
		}),
		f("TEST-GLASS", func(f *footprint.Factor) {
			f.NameZH, f.NameEN = "光伏玻璃（测试）", "Solar glass (test)"
			f.ProductCodes, f.Geography, f.Year = pcs("700719"), "CN-SC", 2022
		}),
		f("TEST-ALU", func(f *footprint.Factor) {
			f.NameZH, f.NameEN = "原铝（测试）", "Primary ALUMINIUM (test)"
			f.ProductCodes, f.Geography, f.Year = pcs("7601"), "GLO", 2021
			f.Status, f.SupersededBy = footprint.StatusSuperseded, "TEST-ALU-2"
		}),
		f("TEST-ALU-2", func(f *footprint.Factor) {
			f.NameZH, f.NameEN = "原铝（测试）", "Primary aluminium (test)"
			f.ProductCodes, f.Geography, f.Year = pcs("7601"), "GLO", 2023
		}),
		f("TEST-ELEC-SC", func(f *footprint.Factor) {
			f.NameZH, f.NameEN = "四川电网（测试）", ""
			f.Category, f.Geography, f.Year = footprint.CategoryElectricity, "CN-SC", 2023
			f.Unit, f.Boundary = mustFactorUnit("kgCO2e/kWh"), footprint.BoundaryLifeCycle
		}),
		f("TEST-TRUCK", func(f *footprint.Factor) {
			f.NameZH, f.NameEN = "", "Truck transport (test)"
			f.Category, f.Unit = footprint.CategoryTransport, mustFactorUnit("kgCO2e/t·km")
		}),
	}
}

// cacheSizes are the factor-cache sizes queries are tested with: off, small
// (evicting all the time, so pages mix cached and stored factors) and ample.
var cacheSizes = []int{0, 3, 1000}

func TestFactorService_FindFactors(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	svc := factordb.NewFactorService(db)
	MustCreateFactorSet(t, svc, "2026.1", "")
	MustImportFactors(t, svc, "2026.1", queryFixture()...)
	MustPublishFactorSet(t, svc, "2026.1")
	// A later draft with other data must not leak into queries of 2026.1.
	MustCreateFactorSet(t, svc, "2026.2", "")
	MustImportFactors(t, svc, "2026.2", with(newFactor("TEST-PV-OTHER"), func(f *footprint.Factor) { f.ProductCodes = pcs("854142") }))

	cat := func(c footprint.Category) *footprint.Category { return &c }
	status := func(s footprint.Status) *footprint.Status { return &s }
	for _, tt := range []struct {
		name   string
		filter footprint.FactorFilter
		want   []string
	}{
		{"All", footprint.FactorFilter{}, []string{"TEST-ALU", "TEST-ALU-2", "TEST-BATTERY", "TEST-DIODE", "TEST-ELEC-SC", "TEST-GLASS", "TEST-PV-CELL", "TEST-PV-MODULE", "TEST-PV-MULTI", "TEST-TRUCK"}},
		{"ProductPrefix", footprint.FactorFilter{ProductCode: ptr("8541")}, []string{"TEST-DIODE", "TEST-PV-CELL", "TEST-PV-MODULE", "TEST-PV-MULTI"}},
		// A scheme, when given, is respected (issue 9 item 9; before, HS:8541
		// also found the CNPC-only TEST-PV-MODULE).
		{"ProductPrefixScheme", footprint.FactorFilter{ProductCode: ptr("HS:8541")}, []string{"TEST-DIODE", "TEST-PV-CELL", "TEST-PV-MULTI"}},
		{"ProductPrefixOtherScheme", footprint.FactorFilter{ProductCode: ptr("cnpc:8541")}, []string{"TEST-PV-MODULE", "TEST-PV-MULTI"}},
		{"ProductExactScheme", footprint.FactorFilter{ProductCode: ptr("CNPC:85414300"), ProductCodeExact: true}, []string{"TEST-PV-MODULE"}},
		{"ProductExactOtherScheme", footprint.FactorFilter{ProductCode: ptr("HS:85414300"), ProductCodeExact: true}, nil},
		{"ProductPrefixDotted", footprint.FactorFilter{ProductCode: ptr("8541.4")}, []string{"TEST-PV-CELL", "TEST-PV-MODULE", "TEST-PV-MULTI"}},
		{"ProductPrefixFull", footprint.FactorFilter{ProductCode: ptr("854142")}, []string{"TEST-PV-CELL", "TEST-PV-MULTI"}},
		{"ProductPrefix8", footprint.FactorFilter{ProductCode: ptr("85414300")}, []string{"TEST-PV-MODULE"}},
		{"ProductExact", footprint.FactorFilter{ProductCode: ptr("854142"), ProductCodeExact: true}, []string{"TEST-PV-CELL", "TEST-PV-MULTI"}},
		{"ProductExactNoPrefix", footprint.FactorFilter{ProductCode: ptr("8541"), ProductCodeExact: true}, nil},
		{"ProductNone", footprint.FactorFilter{ProductCode: ptr("99")}, nil},
		{"Category", footprint.FactorFilter{Category: cat(footprint.CategoryComponent)}, []string{"TEST-BATTERY", "TEST-DIODE", "TEST-PV-CELL", "TEST-PV-MULTI"}},
		{"CategoryNone", footprint.FactorFilter{Category: cat(footprint.CategoryThreshold)}, nil},
		{"Geography", footprint.FactorFilter{Geography: ptr("CN-SC")}, []string{"TEST-ELEC-SC", "TEST-GLASS"}},
		{"GeographyCase", footprint.FactorFilter{Geography: ptr("cn-sc")}, []string{"TEST-ELEC-SC", "TEST-GLASS"}},
		{"GeographyNotPrefix", footprint.FactorFilter{Geography: ptr("CN")}, []string{"TEST-BATTERY", "TEST-PV-CELL", "TEST-PV-MODULE", "TEST-PV-MULTI", "TEST-TRUCK"}},
		{"Year", footprint.FactorFilter{Year: ptr(2023)}, []string{"TEST-ALU-2", "TEST-ELEC-SC", "TEST-PV-CELL", "TEST-PV-MULTI"}},
		{"StatusActive", footprint.FactorFilter{Status: status(footprint.StatusActive)}, []string{"TEST-ALU-2", "TEST-DIODE", "TEST-ELEC-SC", "TEST-GLASS", "TEST-PV-CELL", "TEST-PV-MODULE", "TEST-PV-MULTI", "TEST-TRUCK"}},
		{"StatusDeprecated", footprint.FactorFilter{Status: status(footprint.StatusDeprecated)}, []string{"TEST-BATTERY"}},
		{"StatusSuperseded", footprint.FactorFilter{Status: status(footprint.StatusSuperseded)}, []string{"TEST-ALU"}},
		{"TextZH", footprint.FactorFilter{Text: ptr("光伏")}, []string{"TEST-GLASS", "TEST-PV-CELL", "TEST-PV-MODULE"}},
		{"TextZHOnlyName", footprint.FactorFilter{Text: ptr("四川")}, []string{"TEST-ELEC-SC"}},
		{"TextEN", footprint.FactorFilter{Text: ptr("aluminium")}, []string{"TEST-ALU", "TEST-ALU-2"}},
		{"TextENCase", footprint.FactorFilter{Text: ptr("pv MOD")}, []string{"TEST-PV-MODULE"}},
		{"TextCode", footprint.FactorFilter{Text: ptr("elec-sc")}, []string{"TEST-ELEC-SC"}},
		{"TextNone", footprint.FactorFilter{Text: ptr("不存在")}, nil},
		{"TextBlank", footprint.FactorFilter{Text: ptr("  ")}, []string{"TEST-ALU", "TEST-ALU-2", "TEST-BATTERY", "TEST-DIODE", "TEST-ELEC-SC", "TEST-GLASS", "TEST-PV-CELL", "TEST-PV-MODULE", "TEST-PV-MULTI", "TEST-TRUCK"}},
		{"PrefixYear", footprint.FactorFilter{ProductCode: ptr("8541"), Year: ptr(2023)}, []string{"TEST-PV-CELL", "TEST-PV-MULTI"}},
		{"PrefixGeography", footprint.FactorFilter{ProductCode: ptr("8541"), Geography: ptr("GLO")}, []string{"TEST-DIODE"}},
		{"CategoryGeographyYear", footprint.FactorFilter{Category: cat(footprint.CategoryMaterial), Geography: ptr("GLO"), Year: ptr(2023)}, []string{"TEST-ALU-2"}},
		{"CategoryStatus", footprint.FactorFilter{Category: cat(footprint.CategoryComponent), Status: status(footprint.StatusActive)}, []string{"TEST-DIODE", "TEST-PV-CELL", "TEST-PV-MULTI"}},
		{"TextStatus", footprint.FactorFilter{Text: ptr("test"), Status: status(footprint.StatusDeprecated)}, []string{"TEST-BATTERY"}},
		{"PrefixText", footprint.FactorFilter{ProductCode: ptr("8541"), Text: ptr("组件")}, []string{"TEST-PV-MODULE"}},
		{"ExactCategory", footprint.FactorFilter{ProductCode: ptr("854142"), ProductCodeExact: true, Category: cat(footprint.CategoryProduct)}, nil},
		{"AllConditions", footprint.FactorFilter{ProductCode: ptr("76"), Category: cat(footprint.CategoryMaterial), Geography: ptr("glo"), Year: ptr(2021), Status: status(footprint.StatusSuperseded), Text: ptr("alu")}, []string{"TEST-ALU"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// Ensure the filter finds exactly the expected factors, in code
			// order, each once, in the set asked for, cached or not.
			for i := range 2 * len(cacheSizes) {
				size, set := cacheSizes[i/2], []string{"", "2026.1"}[i%2]
				db.SetFactorCacheSize(size)
				filter := tt.filter
				filter.Set = set
				page, err := svc.FindFactors(ctx, filter)
				if err != nil {
					t.Fatal(err)
				}
				if got, want := codes(page.Factors), tt.want; !slices.Equal(got, want) {
					t.Fatalf("cache %d, set %q: codes=%v, want %v", size, set, got, want)
				}
				for _, f := range page.Factors {
					if f.Set != "2026.1" {
						t.Fatalf("factor %s: Set=%q", f.Code, f.Set)
					}
				}
				if got, want := page.Set, "2026.1"; got != want {
					t.Fatalf("Set=%q, want %q", got, want)
				}
				if page.NextCursor != "" {
					t.Fatalf("NextCursor=%q on a single page", page.NextCursor)
				}
			}
		})
	}

	t.Run("Draft", func(t *testing.T) {
		// Ensure a draft set is queried by its version.
		page, err := svc.FindFactors(ctx, footprint.FactorFilter{Set: "2026.2", ProductCode: ptr("8541")})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := codes(page.Factors), []string{"TEST-PV-OTHER"}; !slices.Equal(got, want) {
			t.Fatalf("codes=%v, want %v", got, want)
		}
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		// Ensure invalid filter values are EINVALID naming the field.
		for _, tt := range []struct {
			name   string
			filter footprint.FactorFilter
			field  string
		}{
			{"Category", footprint.FactorFilter{Category: cat("bogus")}, "category"},
			{"Status", footprint.FactorFilter{Status: status("bogus")}, "status"},
			{"ProductCode", footprint.FactorFilter{ProductCode: ptr("85a1")}, "product_code"},
			{"ProductScheme", footprint.FactorFilter{ProductCode: ptr("XX:8541")}, "product_code"},
			{"Limit", footprint.FactorFilter{Limit: -1}, "limit"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				_, err := svc.FindFactors(ctx, tt.filter)
				assertInvalid(t, err, tt.field)
			})
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		// Ensure an unknown set is ENOTFOUND for queries and exports.
		_, err := svc.FindFactors(ctx, footprint.FactorFilter{Set: "2099.1"})
		assertCode(t, err, footprint.ENOTFOUND)
		_, err = svc.ExportFactorSet(ctx, "2099.1")
		assertCode(t, err, footprint.ENOTFOUND)
		_, err = svc.FindFactorSetByVersion(ctx, "2099.1")
		assertCode(t, err, footprint.ENOTFOUND)
	})
}

// pagingFixture returns n synthetic factors whose attributes cycle, so every
// filter matches a spread-out subset.
func pagingFixture(n int) []*footprint.Factor {
	cats := []footprint.Category{footprint.CategoryMaterial, footprint.CategoryComponent, footprint.CategoryPackaging}
	geos := []string{"CN", "CN-SC", "GLO", "CN-SW"}
	out := make([]*footprint.Factor, n)
	for i := range out {
		out[i] = with(newFactor(fmt.Sprintf("TEST-%04d", i)), func(f *footprint.Factor) {
			f.Category = cats[i%len(cats)]
			f.Geography = geos[i%len(geos)]
			f.Year = 2018 + i%5
			f.ProductCodes = pcs(fmt.Sprintf("85%02d%02d", i%7, i%3))
			if i%4 == 0 {
				f.ProductCodes = append(f.ProductCodes, pcs(fmt.Sprintf("CNPC:85%02d%02d00", i%7, i%5))...)
			}
			if i%11 == 0 {
				f.Status = footprint.StatusDeprecated
			}
			if i%6 == 0 {
				f.NameEN = fmt.Sprintf("Sixth test factor %d", i)
			}
		})
	}
	return out
}

// matches is the brute-force definition of a filter, as the oracle of the
// paging test.
func matches(f *footprint.Factor, filter footprint.FactorFilter) bool {
	if p := filter.ProductCode; p != nil {
		ok := false
		for _, pc := range f.ProductCodes {
			ok = ok || (!filter.ProductCodeExact && strings.HasPrefix(pc.Code, *p)) || pc.Code == *p
		}
		if !ok {
			return false
		}
	}
	if t := filter.Text; t != nil {
		needle := strings.ToLower(*t)
		if !strings.Contains(strings.ToLower(f.Code), needle) && !strings.Contains(strings.ToLower(f.NameZH), needle) && !strings.Contains(strings.ToLower(f.NameEN), needle) {
			return false
		}
	}
	return (filter.Category == nil || f.Category == *filter.Category) &&
		(filter.Geography == nil || f.Geography == *filter.Geography) &&
		(filter.Year == nil || f.Year == *filter.Year) &&
		(filter.Status == nil || f.Status == *filter.Status)
}

func TestFactorService_FindFactors_Pagination(t *testing.T) {
	ctx := context.Background()
	fixture := pagingFixture(137)
	db := MustOpenDB(t)
	svc := factordb.NewFactorService(db)
	MustCreateFactorSet(t, svc, "2026.1", "")
	MustImportFactors(t, svc, "2026.1", fixture...)
	MustPublishFactorSet(t, svc, "2026.1")

	cat := footprint.CategoryComponent
	deprecated := footprint.StatusDeprecated
	filters := map[string]footprint.FactorFilter{
		"All":          {},
		"Prefix":       {ProductCode: ptr("8503")},
		"PrefixWide":   {ProductCode: ptr("85")},
		"Exact":        {ProductCode: ptr("850301"), ProductCodeExact: true},
		"Category":     {Category: &cat},
		"Geography":    {Geography: ptr("CN-SC")},
		"YearCategory": {Year: ptr(2020), Category: &cat},
		"Status":       {Status: &deprecated},
		"Text":         {Text: ptr("sixth")},
		"PrefixText":   {ProductCode: ptr("850"), Text: ptr("sixth")},
		"PrefixYear":   {ProductCode: ptr("8502"), Year: ptr(2021)},
	}
	for name, filter := range filters {
		var want []string
		for _, f := range fixture {
			if matches(f, filter) {
				want = append(want, f.Code)
			}
		}
		if len(want) < 3 {
			t.Fatalf("%s: fixture gives only %d matches", name, len(want))
		}
		for i, limit := range []int{1, 2, 7, 50} {
			t.Run(fmt.Sprintf("%s/limit=%d", name, limit), func(t *testing.T) {
				// Ensure walking every page yields each match exactly once,
				// in order, with full pages until the last.
				db.SetFactorCacheSize(cacheSizes[i%len(cacheSizes)])
				var got []string
				filter := filter
				filter.Limit = limit
				for pages := 1; ; pages++ {
					page, err := svc.FindFactors(ctx, filter)
					if err != nil {
						t.Fatal(err)
					}
					got = append(got, codes(page.Factors)...)
					if page.NextCursor == "" {
						break
					}
					if len(page.Factors) != limit {
						t.Fatalf("page %d has %d factors and a next cursor, want %d", pages, len(page.Factors), limit)
					}
					if pages > len(fixture) {
						t.Fatal("pagination does not end")
					}
					filter.Cursor = page.NextCursor
				}
				if !slices.Equal(got, want) {
					t.Fatalf("walked %v,\nwant %v", got, want)
				}
				// The factors themselves, not only their codes.
				filter.Cursor, filter.Limit = "", footprint.MaxLimit
				page, err := svc.FindFactors(ctx, filter)
				if err != nil {
					t.Fatal(err)
				}
				byCode := make(map[string]*footprint.Factor)
				for _, f := range fixture {
					byCode[f.Code] = f
				}
				for _, f := range page.Factors {
					if !equalFactor(f, byCode[f.Code]) {
						t.Fatalf("factor=%+v, want %+v", f, byCode[f.Code])
					}
				}
			})
		}
	}

	t.Run("DefaultLimit", func(t *testing.T) {
		// Ensure Limit 0 returns DefaultLimit factors.
		page, err := svc.FindFactors(ctx, footprint.FactorFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := len(page.Factors), footprint.DefaultLimit; got != want {
			t.Fatalf("len=%d, want %d", got, want)
		}
	})

	t.Run("ErrCursor", func(t *testing.T) {
		// Ensure malformed or foreign cursors are EINVALID.
		first, err := svc.FindFactors(ctx, footprint.FactorFilter{Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		raw, err := base64.RawURLEncoding.DecodeString(first.NextCursor)
		if err != nil {
			t.Fatalf("cursor is not base64url: %v", err)
		}
		MustCreateFactorSet(t, svc, "2026.2", "2026.1")
		for _, tt := range []struct{ name, set, cursor string }{
			{"NotBase64", "", "!!!"},
			{"Garbage", "", base64.RawURLEncoding.EncodeToString([]byte("garbage"))},
			{"Truncated", "", base64.RawURLEncoding.EncodeToString(raw[:3])},
			{"BadCode", "", base64.RawURLEncoding.EncodeToString(append(raw[:len(raw)-1:len(raw)-1], 'x'))},
			{"OtherSet", "2026.2", first.NextCursor},
		} {
			t.Run(tt.name, func(t *testing.T) {
				_, err := svc.FindFactors(ctx, footprint.FactorFilter{Set: tt.set, Cursor: tt.cursor})
				assertInvalid(t, err, "cursor")
			})
		}
	})

	t.Run("CursorPinsSet", func(t *testing.T) {
		// Ensure a walk with Set "" continues in the set it started in when a
		// newer set is published meanwhile.
		first, err := svc.FindFactors(ctx, footprint.FactorFilter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		MustCreateFactorSet(t, svc, "2026.3", "")
		MustImportFactors(t, svc, "2026.3", newFactor("TEST-9999"))
		MustPublishFactorSet(t, svc, "2026.3")
		next, err := svc.FindFactors(ctx, footprint.FactorFilter{Limit: 100, Cursor: first.NextCursor})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := next.Set, "2026.1"; got != want {
			t.Fatalf("Set=%q, want %q", got, want)
		}
		if got, want := len(first.Factors)+len(next.Factors), len(fixture); got != want {
			t.Fatalf("walked %d factors, want %d", got, want)
		}
	})
}

func TestFactorService_FindFactors_MaxLimit(t *testing.T) {
	// Ensure a limit above MaxLimit is capped, not refused.
	ctx := context.Background()
	svc := MustOpenDraftSet(t, "2026.1")
	var factors []*footprint.Factor
	for i := range footprint.MaxLimit + 5 {
		factors = append(factors, newFactor(fmt.Sprintf("TEST-%05d", i)))
	}
	MustImportFactors(t, svc, "2026.1", factors...)
	page, err := svc.FindFactors(ctx, footprint.FactorFilter{Set: "2026.1", Limit: footprint.MaxLimit + 1})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(page.Factors), footprint.MaxLimit; got != want {
		t.Fatalf("len=%d, want %d", got, want)
	}
	if page.NextCursor == "" {
		t.Fatal("no next cursor after a capped page")
	}
	rest, err := svc.FindFactors(ctx, footprint.FactorFilter{Set: "2026.1", Cursor: page.NextCursor})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(rest.Factors), 5; got != want {
		t.Fatalf("len=%d, want %d", got, want)
	}
}

func TestFactorService_RoundTrip(t *testing.T) {
	// Ensure every field of a factor, Unicode included, survives storage.
	ctx := context.Background()
	svc := MustOpenDraftSet(t, "2026.1")
	want := fullFactor()
	// A transport mode and a treatment belong to factors of other
	// categories than the full (electricity) factor: their own fixtures
	// carry them, and every field is set in one of the three.
	transport := with(newFactor("TEST-TRANSPORT"), func(f *footprint.Factor) {
		f.Category, f.Unit, f.TransportMode = footprint.CategoryTransport, mustFactorUnit("kgCO2e/t·km"), footprint.ModeInlandWaterway
	})
	eol := with(newFactor("TEST-EOL"), func(f *footprint.Factor) {
		f.Category, f.Unit, f.Boundary, f.Treatment = footprint.CategoryEndOfLife, mustFactorUnit("kgCO2e/t"), footprint.BoundaryEndOfLife, footprint.TreatmentIncineration
	})
	all := *want
	all.TransportMode, all.Treatment = transport.TransportMode, eol.Treatment
	// Every field set, so that a field added to footprint.Factor without a
	// fixture value fails the round trip.
	factordb.AssertNonZero(t, reflect.ValueOf(all), "Factor")
	MustImportFactors(t, svc, "2026.1", want, newFactor("TEST-REPLACEMENT"), transport, eol)
	for _, want := range []*footprint.Factor{want, transport, eol} {
		got, err := svc.FindFactorByCode(ctx, "2026.1", want.Code)
		if err != nil {
			t.Fatal(err)
		}
		// Set is not stored: it names the set read from.
		want.Set = "2026.1"
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("factor=%+v,\nwant %+v", got, want)
		}
	}
}

func TestFactorService_FactorSet(t *testing.T) {
	// Ensure every read fills Factor.Set with the set read from, "" resolved
	// to the latest published set, whatever Set said at import.
	ctx := context.Background()
	svc := MustOpenDraftSet(t, "2026.1")
	MustImportFactors(t, svc, "2026.1", with(newFactor("TEST-0001"), func(f *footprint.Factor) { f.Set = "elsewhere" }))
	MustPublishFactorSet(t, svc, "2026.1")
	MustCreateFactorSet(t, svc, "2026.2", "2026.1")

	for _, tt := range []struct{ set, want string }{{"", "2026.1"}, {"2026.1", "2026.1"}, {"2026.2", "2026.2"}} {
		f, err := svc.FindFactorByCode(ctx, tt.set, "TEST-0001")
		if err != nil {
			t.Fatal(err)
		}
		m, err := svc.FindFactorsByCodes(ctx, tt.set, []string{"TEST-0001"})
		if err != nil {
			t.Fatal(err)
		}
		page, err := svc.FindFactors(ctx, footprint.FactorFilter{Set: tt.set})
		if err != nil {
			t.Fatal(err)
		}
		all, err := svc.ExportFactorSet(ctx, tt.set)
		if err != nil {
			t.Fatal(err)
		}
		for name, got := range map[string]string{
			"FindFactorByCode":   f.Set,
			"FindFactorsByCodes": m["TEST-0001"].Set,
			"FindFactors":        page.Factors[0].Set,
			"ExportFactorSet":    all[0].Set,
		} {
			if got != tt.want {
				t.Errorf("set %q: %s: Set=%q, want %q", tt.set, name, got, tt.want)
			}
		}
	}
}

// fullFactor returns a synthetic factor with every field set.
func fullFactor() *footprint.Factor {
	return &footprint.Factor{
		Code:            "TEST-FULL_1.2",
		NameZH:          "测试：全字段因子（单晶硅）",
		NameEN:          "Test — full factor ✓ «mono-Si» 🌞",
		Category:        footprint.CategoryElectricity,
		ElectricityRole: footprint.GenerationRole("pv"),
		Value:           1.25e-3,
		Unit:            mustFactorUnit("gCO2e/kWh (busbar)"),
		Boundary:        footprint.BoundaryLifeCycle,
		Geography:       "CN-SC",
		Year:            2023,
		ProductCodes:    pcs("HS:854142", "CNPC:85414200", "CPC:4712"),
		Source: footprint.Source{
			Publisher: "测试出版者 Test Publisher",
			Document:  "Synthetic fixture, table 1\nline two",
			Date:      "2024-06-30",
			Locator:   "https://example.invalid/测试?x=1&y=2",
		},
		Licence:        "CC0 (test)",
		Quality:        footprint.DataQuality{TeR: 1, GR: 2, TiR: 3, P: 5, Grade: "B-UK"},
		UncertaintyPct: 12.5,
		Notes:          "注释 with \x00 NUL and \t tab",
		Status:         footprint.StatusSuperseded,
		SupersededBy:   "TEST-REPLACEMENT",
		Set:            "ignored-on-import",
	}
}

func TestFactorService_Cache(t *testing.T) {
	ctx := context.Background()

	t.Run("Copies", func(t *testing.T) {
		// Ensure factors served from the cache are the caller's own: changing
		// one, its product codes included, changes no later read.
		svc := MustOpenDraftSet(t, "2026.1")
		want := with(newFactor("TEST-0001"), func(f *footprint.Factor) { f.ProductCodes = pcs("854142") })
		MustImportFactors(t, svc, "2026.1", want)
		MustPublishFactorSet(t, svc, "2026.1")

		for range 3 {
			for _, set := range []string{"2026.1", ""} {
				f, err := svc.FindFactorByCode(ctx, set, "TEST-0001")
				if err != nil {
					t.Fatal(err)
				}
				if !equalFactor(f, want) || f.Set != "2026.1" {
					t.Fatalf("factor=%+v, want %+v", f, want)
				}
				f.Value, f.ProductCodes[0].Code, f.Set = 99, "999999", "x"
				m, err := svc.FindFactorsByCodes(ctx, set, []string{"TEST-0001"})
				if err != nil {
					t.Fatal(err)
				}
				if g := m["TEST-0001"]; !equalFactor(g, want) || g.Set != "2026.1" {
					t.Fatalf("factor=%+v, want %+v", g, want)
				}
				m["TEST-0001"].ProductCodes[0].Code = "888888"
			}
		}
	})

	t.Run("DraftNotCached", func(t *testing.T) {
		// Ensure a draft's factors are read fresh: a re-import shows at once,
		// and so does publication.
		svc := MustOpenDraftSet(t, "2026.1")
		for _, v := range []float64{1, 2, 3} {
			MustImportFactors(t, svc, "2026.1", with(newFactor("TEST-0001"), func(f *footprint.Factor) { f.Value = v }))
			f, err := svc.FindFactorByCode(ctx, "2026.1", "TEST-0001")
			if err != nil {
				t.Fatal(err)
			}
			m, err := svc.FindFactorsByCodes(ctx, "2026.1", []string{"TEST-0001"})
			if err != nil {
				t.Fatal(err)
			}
			if f.Value != v || m["TEST-0001"].Value != v {
				t.Fatalf("Value=%v and %v, want %v", f.Value, m["TEST-0001"].Value, v)
			}
		}
		MustPublishFactorSet(t, svc, "2026.1")
		f, err := svc.FindFactorByCode(ctx, "", "TEST-0001")
		if err != nil {
			t.Fatal(err)
		}
		if got, want := f.Value, 3.0; got != want {
			t.Fatalf("Value=%v, want %v", got, want)
		}
	})

	t.Run("LatestMovesOn", func(t *testing.T) {
		// Ensure "" follows a new publication even when the previous latest
		// set is cached.
		svc := factordb.NewFactorService(MustOpenDB(t))
		for i, v := range []string{"2026.1", "2026.2"} {
			MustCreateFactorSet(t, svc, v, "")
			MustImportFactors(t, svc, v, with(newFactor("TEST-0001"), func(f *footprint.Factor) { f.Value = float64(i + 1) }))
			MustPublishFactorSet(t, svc, v)
			for range 2 {
				f, err := svc.FindFactorByCode(ctx, "", "TEST-0001")
				if err != nil {
					t.Fatal(err)
				}
				if got, want := f.Set, v; got != want {
					t.Fatalf("Set=%q, want %q", got, want)
				}
				if got, want := f.Value, float64(i+1); got != want {
					t.Fatalf("Value=%v, want %v", got, want)
				}
			}
		}
	})

	t.Run("SmallAndDisabled", func(t *testing.T) {
		// Ensure reads are right whatever the cache size, evicting or off.
		db := MustOpenDB(t)
		svc := factordb.NewFactorService(db)
		MustCreateFactorSet(t, svc, "2026.1", "")
		var all []*footprint.Factor
		var codeList []string
		for i := range 20 {
			f := with(newFactor(fmt.Sprintf("TEST-%04d", i)), func(f *footprint.Factor) { f.Value = float64(i) })
			all, codeList = append(all, f), append(codeList, f.Code)
		}
		MustImportFactors(t, svc, "2026.1", all...)
		MustPublishFactorSet(t, svc, "2026.1")
		for _, size := range []int{0, 1, 3, 100} {
			db.SetFactorCacheSize(size)
			for range 2 {
				m, err := svc.FindFactorsByCodes(ctx, "2026.1", codeList)
				if err != nil {
					t.Fatal(err)
				}
				for _, want := range all {
					f, err := svc.FindFactorByCode(ctx, "2026.1", want.Code)
					if err != nil {
						t.Fatal(err)
					}
					if !equalFactor(f, want) || !equalFactor(m[want.Code], want) {
						t.Fatalf("size %d: factor=%+v, want %+v", size, f, want)
					}
				}
			}
		}
	})

	t.Run("Reopen", func(t *testing.T) {
		// Ensure the latest set is known after reopening the file.
		path, db := mustOpenFile(t)
		svc := factordb.NewFactorService(db)
		MustCreateFactorSet(t, svc, "2026.1", "")
		MustImportFactors(t, svc, "2026.1", newFactor("TEST-0001"))
		MustPublishFactorSet(t, svc, "2026.1")
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		svc = factordb.NewFactorService(MustOpenDBAt(t, path))
		f, err := svc.FindFactorByCode(ctx, "", "TEST-0001")
		if err != nil {
			t.Fatal(err)
		}
		if got, want := f.Set, "2026.1"; got != want {
			t.Fatalf("Set=%q, want %q", got, want)
		}
	})
}

func TestFactorService_Concurrent(t *testing.T) {
	// Ensure readers running while sets are imported and published see
	// whole, consistent factors (run with -race).
	ctx := context.Background()
	svc := MustOpenDraftSet(t, "2026.0")
	MustImportFactors(t, svc, "2026.0", newFactor("TEST-0001"), newFactor("TEST-0002"))
	MustPublishFactorSet(t, svc, "2026.0")

	done := make(chan struct{})
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			for {
				select {
				case <-done:
					errs <- nil
					return
				default:
				}
				f, err := svc.FindFactorByCode(ctx, "", "TEST-0001")
				if err != nil {
					errs <- err
					return
				}
				// Each set i holds value i+1 (2026.0 holds 1).
				var i int
				if _, err := fmt.Sscanf(f.Set, "2026.%d", &i); err != nil || f.Value != float64(i+1) {
					errs <- fmt.Errorf("set %s has value %v", f.Set, f.Value)
					return
				}
				if _, err := svc.FindFactorsByCodes(ctx, "", []string{"TEST-0001", "TEST-0002"}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for i := 1; i <= 10; i++ {
		v := fmt.Sprintf("2026.%d", i)
		MustCreateFactorSet(t, svc, v, fmt.Sprintf("2026.%d", i-1))
		MustImportFactors(t, svc, v, with(newFactor("TEST-0001"), func(f *footprint.Factor) { f.Value = float64(i + 1) }))
		MustPublishFactorSet(t, svc, v)
	}
	close(done)
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}

func TestFactorService_ClassifyFactors_ModesAndTreatments(t *testing.T) {
	// Ensure transport factors stored without a mode and end-of-life
	// factors without a treatment are classified like electricity roles:
	// filled in once, never changed, checked against the factor.
	ctx := context.Background()
	svc := MustOpenDraftSet(t, "2026.1")
	tr := with(newFactor("TR-1"), func(f *footprint.Factor) {
		f.Category, f.Unit = footprint.CategoryTransport, mustFactorUnit("kgCO2e/t·km")
	})
	eol := with(newFactor("EOL-1"), func(f *footprint.Factor) {
		f.Category, f.Unit, f.Boundary = footprint.CategoryEndOfLife, mustFactorUnit("kgCO2e/t"), footprint.BoundaryEndOfLife
	})
	MustImportFactors(t, svc, "2026.1", tr, eol, newFactor("MAT-1"))
	before := MustPublishFactorSet(t, svc, "2026.1")
	n, err := svc.ClassifyFactors(ctx, "2026.1", map[string]footprint.FactorClass{
		"TR-1": {TransportMode: footprint.ModeRail}, "EOL-1": {Treatment: footprint.TreatmentLandfill},
	})
	if err != nil || n != 2 {
		t.Fatalf("classify: n=%d, err=%v, want 2", n, err)
	}
	if f, _ := svc.FindFactorByCode(ctx, "2026.1", "TR-1"); f.TransportMode != footprint.ModeRail {
		t.Errorf("TR-1 mode %q", f.TransportMode)
	}
	if f, _ := svc.FindFactorByCode(ctx, "2026.1", "EOL-1"); f.Treatment != footprint.TreatmentLandfill {
		t.Errorf("EOL-1 treatment %q", f.Treatment)
	}
	after, _ := svc.FindFactorSetByVersion(ctx, "2026.1")
	if after.Digest == before.Digest {
		t.Error("digest unchanged")
	}
	for _, tt := range []struct {
		name    string
		classes map[string]footprint.FactorClass
		code    string
	}{
		{"ErrConflictOtherMode", map[string]footprint.FactorClass{"TR-1": {TransportMode: footprint.ModeSea}}, footprint.ECONFLICT},
		{"ErrConflictOtherTreatment", map[string]footprint.FactorClass{"EOL-1": {Treatment: footprint.TreatmentRecycling}}, footprint.ECONFLICT},
		{"ErrModeOnMaterial", map[string]footprint.FactorClass{"MAT-1": {TransportMode: footprint.ModeRoad}}, footprint.EINVALID},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := svc.ClassifyFactors(ctx, "2026.1", tt.classes); footprint.ErrorCode(err) != tt.code {
				t.Fatalf("err=%v, want %s", err, tt.code)
			}
		})
	}
	if set, _ := svc.FindFactorSetByVersion(ctx, "2026.1"); set.Digest != after.Digest {
		t.Errorf("a refused classification changed the digest")
	}
}

// electricityFactor returns a valid life-cycle CO2e electricity factor
// without a role, as stored before roles existed.
func electricityFactor(code string) *footprint.Factor {
	return with(newFactor(code), func(f *footprint.Factor) {
		f.Category, f.Unit, f.Boundary = footprint.CategoryElectricity, mustFactorUnit("kgCO2e/kWh"), footprint.BoundaryLifeCycle
	})
}

func TestFactorService_ClassifyElectricityFactors(t *testing.T) {
	// Ensure the migration of factors stored without an electricity role:
	// the role is filled in (in a published set too, whose digest is
	// recomputed and whose cached factors are dropped), idempotently and
	// audited; a role already set never changes; a role the factor cannot
	// have, or an unknown code, changes nothing.
	ctx := context.Background()
	db := MustOpenDB(t)
	svc := factordb.NewFactorService(db)
	MustCreateFactorSet(t, svc, "2026.1", "")
	MustImportFactors(t, svc, "2026.1", electricityFactor("ELEC-MIX"), electricityFactor("ELEC-HYDRO"), newFactor("MAT-1"))
	before := MustPublishFactorSet(t, svc, "2026.1")
	if f, err := svc.FindFactorByCode(ctx, "2026.1", "ELEC-MIX"); err != nil || f.ElectricityRole != "" {
		t.Fatalf("before: %+v %v", f, err) // now cached without a role
	}

	n, err := svc.ClassifyElectricityFactors(ctx, "2026.1", map[string]footprint.ElectricityRole{
		"ELEC-MIX": footprint.ElectricityRoleGridMix, "ELEC-HYDRO": footprint.GenerationRole("hydro"),
	})
	if err != nil || n != 2 {
		t.Fatalf("classify: n=%d, err=%v, want 2", n, err)
	}
	for code, want := range map[string]footprint.ElectricityRole{"ELEC-MIX": footprint.ElectricityRoleGridMix, "ELEC-HYDRO": footprint.GenerationRole("hydro")} {
		f, err := svc.FindFactorByCode(ctx, "2026.1", code)
		if err != nil || f.ElectricityRole != want {
			t.Errorf("%s after: role %q (%v), want %q", code, f.ElectricityRole, err, want)
		}
	}
	after, err := svc.FindFactorSetByVersion(ctx, "2026.1")
	if err != nil {
		t.Fatal(err)
	}
	if after.Digest == before.Digest || after.Status != footprint.SetPublished || !after.PublishedAt.Equal(before.PublishedAt) {
		t.Errorf("set after: %+v, before %+v", after, before)
	}
	// The digest is that of the same factors published with their roles.
	MustCreateFactorSet(t, svc, "2026.2", "")
	MustImportFactors(t, svc, "2026.2",
		with(electricityFactor("ELEC-MIX"), func(f *footprint.Factor) { f.ElectricityRole = footprint.ElectricityRoleGridMix }),
		with(electricityFactor("ELEC-HYDRO"), func(f *footprint.Factor) { f.ElectricityRole = footprint.GenerationRole("hydro") }),
		newFactor("MAT-1"))
	if got := MustPublishFactorSet(t, svc, "2026.2").Digest; got != after.Digest {
		t.Errorf("digest %s, want %s as for the same factors published with roles", after.Digest, got)
	}
	actions := "factor-set.classify"
	events, _, err := factordb.NewCertificationService(db).FindAuditEvents(ctx, access.AuditFilter{Action: &actions})
	if err != nil || len(events) != 1 || events[0].Subject != "factor-set/2026.1" || !strings.Contains(events[0].Detail, before.Digest) {
		t.Errorf("audit: %+v %v", events, err)
	}

	// Again: nothing to do.
	if n, err := svc.ClassifyElectricityFactors(ctx, "2026.1", map[string]footprint.ElectricityRole{"ELEC-MIX": footprint.ElectricityRoleGridMix}); err != nil || n != 0 {
		t.Errorf("again: n=%d, err=%v, want 0", n, err)
	}
	for _, tt := range []struct {
		name  string
		roles map[string]footprint.ElectricityRole
		code  string
	}{
		{"ErrConflictOtherRole", map[string]footprint.ElectricityRole{"ELEC-MIX": footprint.GenerationRole("pv")}, footprint.ECONFLICT},
		{"ErrNotFound", map[string]footprint.ElectricityRole{"ELEC-NOPE": footprint.ElectricityRoleGridMix}, footprint.ENOTFOUND},
		{"ErrInvalidRoleForFactor", map[string]footprint.ElectricityRole{"MAT-1": footprint.ElectricityRoleGridMix}, footprint.EINVALID},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := svc.ClassifyElectricityFactors(ctx, "2026.1", tt.roles); footprint.ErrorCode(err) != tt.code {
				t.Fatalf("err=%v, want %s", err, tt.code)
			}
		})
	}
	if set, _ := svc.FindFactorSetByVersion(ctx, "2026.1"); set.Digest != after.Digest {
		t.Errorf("a refused classification changed the digest")
	}
	if _, err := svc.ClassifyElectricityFactors(ctx, "2099.1", nil); footprint.ErrorCode(err) != footprint.ENOTFOUND {
		t.Errorf("unknown set: err=%v, want ENOTFOUND", err)
	}
}
