package factordb_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/studylist"
	"github.com/chengdu-pcf/pcf/seed"
)

func mustMarshalStudy(tb testing.TB, st *footprint.Study) []byte {
	tb.Helper()
	b, err := footprint.MarshalStudyJSON(st)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func mustResultJSON(tb testing.TB, r *footprint.Result) []byte {
	tb.Helper()
	if r == nil {
		tb.Fatal("no result")
	}
	b, err := r.CanonicalJSON()
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func studyIDs(studies []*footprint.Study) []string {
	return keys(studies, func(st *footprint.Study) string { return st.ID })
}

func TestStudyService_CreateStudy(t *testing.T) {
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		// Ensure a study is calculated, stored with its result and read
		// back byte for byte.
		s := MustOpenServices(t)
		st := demoStudy(t, "Demo Module Co.", demoSerial)
		res, err := s.studies.CreateStudy(ctx, st)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := uuidOf(st.ID); !ok {
			t.Fatalf("ID=%q, want a random UUID", st.ID)
		}
		if st.CreatedAt.IsZero() || st.Result != res {
			t.Fatalf("CreatedAt=%v Result=%p, want set to the result %p", st.CreatedAt, st.Result, res)
		}
		if !(res.KgCO2e > 0) {
			t.Fatalf("KgCO2e=%v, want a positive total", res.KgCO2e)
		}

		got := s.mustFindStudy(t, st.ID)
		if a, b := mustMarshalStudy(t, got), mustMarshalStudy(t, st); !bytes.Equal(a, b) {
			t.Fatalf("study read back differs:\n%s\nwant\n%s", a, b)
		}
		if a, b := mustResultJSON(t, got.Result), mustResultJSON(t, res); !bytes.Equal(a, b) {
			t.Fatalf("result read back differs:\n%s\nwant\n%s", a, b)
		}
		if !reflect.DeepEqual(got.Result, res) || got.Result.KgCO2e != res.KgCO2e {
			t.Fatal("result read back differs from the one CreateStudy returned")
		}
		if st.Document == nil || !bytes.Equal(got.Document, st.Document) {
			t.Fatalf("document read back:\n%s\nwant the one CreateStudy stored:\n%s", got.Document, st.Document)
		}
		if got, want := got.Owner, "Demo Module Co."; got != want {
			t.Fatalf("Owner=%q, want %q", got, want)
		}
		if !got.CreatedAt.Equal(st.CreatedAt) {
			t.Fatalf("CreatedAt=%v, want %v", got.CreatedAt, st.CreatedAt)
		}
	})

	t.Run("ResultMatchesEngine", func(t *testing.T) {
		// Ensure the stored result is the engine's on the pinned set's
		// factors: recalculating gives the same canonical bytes.
		s := MustOpenServices(t)
		st := s.MustCreateStudy(t, "Demo Module Co.", demoSerial)
		factors, err := s.factors.FindFactorsByCodes(ctx, st.FactorSet, st.FactorCodes())
		if err != nil {
			t.Fatal(err)
		}
		all, err := s.factors.ExportFactorSet(ctx, st.FactorSet)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range all { // the set's factors of its product, which the engine compares its figure with
			if footprint.ComparedWith(f, st.Product.ProductCodes) {
				factors[f.Code] = f
			}
		}
		again := demoStudy(t, "Demo Module Co.", demoSerial)
		want, err := footprint.Calculate(again, factors, nil)
		if err != nil {
			t.Fatal(err)
		}
		got := s.mustFindStudy(t, st.ID)
		if a, b := mustResultJSON(t, got.Result), mustResultJSON(t, want); !bytes.Equal(a, b) {
			t.Fatal("stored result differs from a recalculation")
		}
	})

	t.Run("Audit", func(t *testing.T) {
		// Ensure the creation is audited, by the caller, in the same
		// transaction.
		s := MustOpenServices(t)
		pctx := access.NewContextWithPrincipal(ctx, &access.Principal{Org: "Demo Module Co.", Role: access.RoleManufacturer, KeyID: "k1"})
		st := demoStudy(t, "Demo Module Co.", demoSerial)
		if _, err := s.studies.CreateStudy(pctx, st); err != nil {
			t.Fatal(err)
		}
		subject := "study/" + st.ID
		events := s.mustAuditEvents(t, access.AuditFilter{Subject: &subject})
		if len(events) != 1 {
			t.Fatalf("%d events, want 1", len(events))
		}
		e := events[0]
		if e.Action != access.AuditStudyCreate || e.Actor != "Demo Module Co." || e.Role != access.RoleManufacturer || e.KeyID != "k1" || !e.At.Equal(st.CreatedAt) {
			t.Fatalf("event %+v", e)
		}
	})

	t.Run("ErrDoubleGreenClaim", func(t *testing.T) {
		// Ensure a green certificate claimed by one study is refused for
		// another, naming the serial but not the study that holds it
		// (another organisation's: issue 9 item 8), and that nothing of
		// the second is written.
		ctx, s := mustStart(t)
		first := s.MustCreateStudy(t, "Demo Module Co.", "GEC-X-1")
		// A claim binds once its study is applied for (claims.go).
		s.mustApplyFor(t, first)
		before := s.auditCount(t)

		second := demoStudy(t, "Other Maker Ltd.", "gec-x-1 ") // same serial, normalised
		_, err := s.studies.CreateStudy(ctx, second)
		assertCode(t, err, footprint.ECONFLICT)
		if msg := footprint.ErrorMessage(err); !strings.Contains(msg, "GEC-X-1") || strings.Contains(msg, first.ID) {
			t.Fatalf("message %q: want the serial named and the study holding it not", msg)
		}
		if second.ID != "" || second.Result != nil || !second.CreatedAt.IsZero() {
			t.Fatal("study changed by a refused create")
		}
		studies, total, err := s.studies.FindStudies(ctx, footprint.StudyFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if total != 1 || len(studies) != 1 || studies[0].ID != first.ID {
			t.Fatalf("studies %v (total %d), want only %s", studyIDs(studies), total, first.ID)
		}
		if got := s.auditCount(t); got != before {
			t.Fatalf("%d audit events, want %d", got, before)
		}
		claims, err := s.studies.FindGreenClaims(ctx, "GEC-X-1-000001") // demoStudy's batch
		if err != nil {
			t.Fatal(err)
		}
		if len(claims) != 1 || claims[0].StudyID != first.ID {
			t.Fatalf("claims %+v, want one by %s", claims, first.ID)
		}

		// Another serial is fine.
		if _, err := s.studies.CreateStudy(ctx, demoStudy(t, "Other Maker Ltd.", "GEC-X-2")); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		// Ensure bad input is EINVALID and writes nothing.
		s := MustOpenServices(t)
		events0 := s.auditCount(t) // the seed set's own events
		for name, mutate := range map[string]func(st *footprint.Study){
			"NoOwner":          func(st *footprint.Study) { st.Owner = " " },
			"NoFactorSet":      func(st *footprint.Study) { st.FactorSet = "" },
			"NegativeQuantity": func(st *footprint.Study) { st.BOM[1].Quantity = -54 },
			"UnknownRule":      func(st *footprint.Study) { st.Rule = "no-such-rule" },
		} {
			st := demoStudy(t, "Demo Module Co.", demoSerial)
			mutate(st)
			_, err := s.studies.CreateStudy(ctx, st)
			if footprint.ErrorCode(err) != footprint.EINVALID {
				t.Errorf("%s: err=%v, want EINVALID", name, err)
			}
		}
		if _, err := s.studies.CreateStudy(ctx, nil); footprint.ErrorCode(err) != footprint.EINVALID {
			t.Errorf("nil: err=%v, want EINVALID", err)
		}
		if _, total, _ := s.studies.FindStudies(ctx, footprint.StudyFilter{}); total != 0 {
			t.Fatalf("%d studies stored", total)
		}
		if n := s.auditCount(t); n != events0 {
			t.Fatalf("%d audit events, want %d", n, events0)
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		// Ensure a missing factor set or supplier footprint is ENOTFOUND
		// naming it.
		s := MustOpenServices(t)
		st := demoStudy(t, "Demo Module Co.", demoSerial)
		st.FactorSet = "2099.1"
		_, err := s.studies.CreateStudy(ctx, st)
		assertCode(t, err, footprint.ENOTFOUND)

		// An unknown factor code is the study's mistake: EINVALID with the
		// path of the line that names it.
		st = demoStudy(t, "Demo Module Co.", demoSerial)
		st.BOM[1].Factor = "NO-SUCH-FACTOR"
		_, err = s.studies.CreateStudy(ctx, st)
		assertCode(t, err, footprint.EINVALID)
		if !strings.Contains(footprint.ErrorMessage(err), "NO-SUCH-FACTOR") || footprint.ErrorField(err) != "bom[1]" {
			t.Fatalf("error %q (field %q) does not name the factor and its line", footprint.ErrorMessage(err), footprint.ErrorField(err))
		}

		st = demoStudy(t, "Demo Module Co.", demoSerial)
		st.BOM = append(st.BOM, &footprint.BOMLine{Name: "junction box", Quantity: 1, Unit: footprint.MustParseUnit("piece"), Stage: "A1", Supplier: "CDPCF-2026-999999"})
		_, err = s.studies.CreateStudy(ctx, st)
		assertCode(t, err, footprint.ENOTFOUND)

		// Without a supplier service, any supplier reference is unknown.
		nosup := factordb.NewStudyService(s.db, s.factors, nil)
		_, err = nosup.CreateStudy(ctx, st)
		assertCode(t, err, footprint.ENOTFOUND)
	})
}

func TestStudyService_FindStudyByID(t *testing.T) {
	// Ensure an unknown or malformed ID is ENOTFOUND.
	s := MustOpenServices(t)
	ctx := context.Background()
	s.MustCreateStudy(t, "Demo Module Co.", demoSerial)
	for _, id := range []string{"4f7e2a8c-8b1e-4c1a-9c55-0d2b9f3f0a11", "", "not-a-uuid", "4F7E2A8C-8B1E-4C1A-9C55-0D2B9F3F0A11"} {
		_, err := s.studies.FindStudyByID(ctx, id)
		assertCode(t, err, footprint.ENOTFOUND)
	}
}

func TestStudyService_FindStudies(t *testing.T) {
	ctx := context.Background()
	s := MustOpenServices(t)
	a1 := s.MustCreateStudy(t, "Maker A", "GEC-A-1")
	b1 := s.MustCreateStudy(t, "Maker B", "GEC-B-1")
	a2 := s.MustCreateStudy(t, "Maker A", "GEC-A-2")
	// A laptop study of Maker B: another rule and product code.
	lb, err := os.ReadFile("../seed/studies/laptop.json")
	if err != nil {
		t.Fatal(err)
	}
	laptop, err := footprint.ParseStudyJSON(bytes.NewReader(lb))
	if err != nil {
		t.Fatal(err)
	}
	laptop.Owner = "Maker B"
	if _, err := s.studies.CreateStudy(ctx, laptop); err != nil {
		t.Fatal(err)
	}
	// "Maker A" and "Maker AB" must not share an owner index prefix.
	ab := s.MustCreateStudy(t, "Maker AB", "GEC-AB-1")

	for _, tt := range []struct {
		name   string
		filter footprint.StudyFilter
		want   []string
		total  int
	}{
		{"All", footprint.StudyFilter{}, []string{a1.ID, b1.ID, a2.ID, laptop.ID, ab.ID}, 5},
		{"Owner", footprint.StudyFilter{Owner: ptr("Maker A")}, []string{a1.ID, a2.ID}, 2},
		{"OwnerB", footprint.StudyFilter{Owner: ptr("Maker B")}, []string{b1.ID, laptop.ID}, 2},
		{"OwnerUnknown", footprint.StudyFilter{Owner: ptr("Maker")}, []string{}, 0},
		{"Rule", footprint.StudyFilter{Rule: ptr(laptop.Rule)}, []string{laptop.ID}, 1},
		{"ProductCode", footprint.StudyFilter{ProductCode: ptr("HS:854143")}, []string{a1.ID, b1.ID, a2.ID, ab.ID}, 4},
		{"ProductCodeOwner", footprint.StudyFilter{Owner: ptr("Maker B"), ProductCode: ptr("HS:854143")}, []string{b1.ID}, 1},
		// One rule on every list (issue 9 item 9): a prefix by default,
		// exact on request, within the scheme given.
		{"ProductCodePrefix", footprint.StudyFilter{ProductCode: ptr("HS:8541")}, []string{a1.ID, b1.ID, a2.ID, ab.ID}, 4},
		{"ProductCodeExactIsNotPrefix", footprint.StudyFilter{ProductCode: ptr("HS:8541"), ProductCodeExact: true}, []string{}, 0},
		{"ProductCodeOtherScheme", footprint.StudyFilter{ProductCode: ptr("CNPC:8541")}, []string{}, 0},
		{"FactorSet", footprint.StudyFilter{FactorSet: ptr(seed.SetVersion)}, []string{a1.ID, b1.ID, a2.ID, laptop.ID, ab.ID}, 5},
		{"FactorSetOther", footprint.StudyFilter{FactorSet: ptr("2099.1")}, []string{}, 0},
		{"Offset", footprint.StudyFilter{Offset: 1, Limit: 2}, []string{b1.ID, a2.ID}, 5},
		{"OffsetPastEnd", footprint.StudyFilter{Offset: 9}, []string{}, 5},
		{"OwnerLimit", footprint.StudyFilter{Owner: ptr("Maker A"), Limit: 1}, []string{a1.ID}, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// Ensure the filter selects exactly the matching studies,
			// in creation order, with the total before paging.
			got, total, err := s.studies.FindStudies(ctx, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			if ids := studyIDs(got); strings.Join(ids, ",") != strings.Join(tt.want, ",") || total != tt.total {
				t.Fatalf("got %v (total %d), want %v (total %d)", ids, total, tt.want, tt.total)
			}
			for _, st := range got {
				if st.Result != nil {
					t.Fatal("list returned a result")
				}
				// As a list shows it, from its summary: its product,
				// not its inventory (FindStudyByID has it).
				if len(st.BOM) != 0 || st.Document != nil || st.Product.Name == "" {
					t.Fatalf("list returned %d inventory lines, a document of %d bytes, product %q", len(st.BOM), len(st.Document), st.Product.Name)
				}
			}
		})
	}

	t.Run("ErrInvalid", func(t *testing.T) {
		// Ensure a negative offset or limit is EINVALID.
		_, _, err := s.studies.FindStudies(ctx, footprint.StudyFilter{Offset: -1})
		assertCode(t, err, footprint.EINVALID)
		_, _, err = s.studies.FindStudies(ctx, footprint.StudyFilter{Limit: -1})
		assertCode(t, err, footprint.EINVALID)
	})
}

func TestStudyService_GreenClaims(t *testing.T) {
	ctx := context.Background()
	year := func(y int) footprint.Period {
		return footprint.Period{Start: time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)}
	}
	claim := func(kind footprint.InstrumentKind, serial string, p footprint.Period) []footprint.GreenClaim {
		return []footprint.GreenClaim{{Serial: serial, Kind: kind, Period: p, MWh: 10}}
	}

	t.Run("Rules", func(t *testing.T) {
		// Ensure the store applies GreenClaim.Conflicts: a green
		// certificate once, a trading contract once per period.
		s := MustOpenServices(t)
		gec, gpt := footprint.InstrumentGreenCertificate, footprint.InstrumentGreenPowerTrading
		for _, step := range []struct {
			study  string
			claims []footprint.GreenClaim
			want   string
		}{
			{"s1", claim(gec, "GEC-1", year(2025)), ""},
			{"s2", claim(gec, "gec-1", year(2026)), footprint.ECONFLICT}, // a certificate once, whatever the period
			{"s1", claim(gec, "GEC-1", year(2025)), ""},                  // the same study again
			{"s1", claim(gpt, "GPT-1", year(2025)), ""},
			{"s2", claim(gpt, "GPT-1", year(2026)), ""},                  // another delivery period
			{"s3", claim(gpt, "GPT-1", year(2026)), footprint.ECONFLICT}, // overlaps s2's
			{"s3", claim(gec, "GPT-1", year(2027)), footprint.ECONFLICT}, // a certificate conflicts with any claim
			{"", claim(gec, "GEC-9", year(2025)), footprint.EINVALID},
			{"s4", claim(gec, " ", year(2025)), footprint.EINVALID},
		} {
			err := s.studies.ClaimInstruments(ctx, step.study, step.claims)
			if got := footprint.ErrorCode(err); got != step.want {
				t.Fatalf("%s claims %+v: code %q (%v), want %q", step.study, step.claims, got, err, step.want)
			}
		}
		got, err := s.studies.FindGreenClaims(ctx, " gpt-1")
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].StudyID != "s1" || got[1].StudyID != "s2" || got[0].Serial != "GPT-1" || !got[1].Period.Start.Equal(year(2026).Start) {
			t.Fatalf("claims of GPT-1: %+v", got)
		}
		got, err = s.studies.FindGreenClaims(ctx, "GEC-1")
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].StudyID != "s1" || got[0].Kind != gec || got[0].MWh != 10 {
			t.Fatalf("claims of GEC-1: %+v", got)
		}
	})

	t.Run("ErrSameSerialTwice", func(t *testing.T) {
		// Ensure one study cannot claim a serial twice (two periods of a
		// green-power contract): the second record would overwrite the
		// first and free its period for another study.
		s := MustOpenServices(t)
		gpt := footprint.InstrumentGreenPowerTrading
		h1 := footprint.Period{Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)}
		h2 := footprint.Period{Start: time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)}
		both := append(claim(gpt, "GPT-9", h1), claim(gpt, "GPT-9", h2)...)
		assertCode(t, s.studies.ClaimInstruments(ctx, "s1", both), footprint.EINVALID)
		if got, err := s.studies.FindGreenClaims(ctx, "GPT-9"); err != nil || len(got) != 0 {
			t.Fatalf("claims after the refusal: %+v %v", got, err)
		}
	})

	t.Run("Atomic", func(t *testing.T) {
		// Ensure a conflict in a later claim writes none of the earlier
		// ones.
		s := MustOpenServices(t)
		gec := footprint.InstrumentGreenCertificate
		if err := s.studies.ClaimInstruments(ctx, "s1", claim(gec, "B", year(2025))); err != nil {
			t.Fatal(err)
		}
		both := append(claim(gec, "A", year(2025)), claim(gec, "B", year(2025))...)
		assertCode(t, s.studies.ClaimInstruments(ctx, "s2", both), footprint.ECONFLICT)
		got, err := s.studies.FindGreenClaims(ctx, "A")
		if err != nil {
			t.Fatal(err)
		}
		if got == nil || len(got) != 0 {
			t.Fatalf("claims of A: %#v, want an empty slice", got)
		}
	})
}

func TestStudyService_SupplierFootprint(t *testing.T) {
	// Ensure a study can use a supplier's issued certificate as primary
	// data: the line adds the certified footprint per declared unit.
	ctx := context.Background()
	s := MustOpenServices(t)
	// Issue after the demo study's 2025 reference period, which a study
	// is stored after (its data are measured): the certificate, of a 2025
	// study, speaks for 2025 from its period's start.
	now := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	s.db.Now = func() time.Time { now = now.Add(time.Second); return now }
	s.MustCreateOrgs(t)
	rec := s.MustIssue(t, "GEC-SUP-1")
	cert := rec.Certificate()

	for _, ref := range []string{cert.ID.String(), cert.Number} {
		st := demoStudy(t, orgMaker2, "GEC-SUP-2-"+ref)
		st.BOM = append(st.BOM, &footprint.BOMLine{Name: "supplied module (test of the supplier path)", Quantity: 2, Unit: footprint.MustParseUnit("piece"), Stage: "A1", Supplier: ref})
		res, err := s.studies.CreateStudy(ctx, st)
		if err != nil {
			t.Fatal(err)
		}
		var found bool
		for _, c := range res.Lines {
			if c.Supplier == ref {
				found = true
				if got, want := c.KgCO2e, 2*cert.KgCO2e; !closeTo(got, want) {
					t.Fatalf("supplier line %v kgCO2e, want %v", got, want)
				}
			}
		}
		if !found {
			t.Fatalf("no supplier line for %s", ref)
		}
	}
}

func closeTo(a, b float64) bool {
	d := a - b
	if d < 0 {
		d = -d
	}
	return d <= 1e-9*max(1, a, b, -a, -b)
}

// uniqueStudy returns a copy of base whose green certificate has a serial
// of its own, sharing everything else (the engine does not change its
// input).
func uniqueStudy(base *footprint.Study, serial string) *footprint.Study {
	st := *base
	st.Electricity = slices.Clone(base.Electricity)
	e := *st.Electricity[0]
	in := *e.Instruments[0]
	in.Serial, in.SerialLast = serial, "" // a batch of MWh serials from serial on: one prefix per study keeps them apart
	e.Instruments = []*footprint.GreenInstrument{&in}
	st.Electricity[0] = &e
	return &st
}

// BenchmarkStudyService_CreateStudy stores the demo PV study (calculation,
// claims, one write transaction with fsync), from one goroutine and from
// 4 per core: bbolt serialises writers, so the parallel figure shows what
// concurrent requests get.
func BenchmarkStudyService_CreateStudy(b *testing.B) {
	ctx := context.Background()
	b.Run("serial", func(b *testing.B) {
		s := MustOpenServices(b)
		base := demoStudy(b, orgMaker, demoSerial)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			i++
			if _, err := s.studies.CreateStudy(ctx, uniqueStudy(base, fmt.Sprintf("GEC-B%d-1", i))); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("parallel", func(b *testing.B) {
		s := MustOpenServices(b)
		base := demoStudy(b, orgMaker, demoSerial)
		var n atomic.Int64
		b.ReportAllocs()
		b.SetParallelism(4)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := s.studies.CreateStudy(ctx, uniqueStudy(base, fmt.Sprintf("GEC-B%d-1", n.Add(1)))); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}

// Ensure a study is stored only for a reference period that has ended. A
// study of next year was stored and could be applied for: its green-power
// instruments need only overlap the period, so a 绿电 contract for
// deliveries still to come counted as green power used, and the figure,
// certified now for two years, rested on production not made yet. A
// stored study's data are measured: its period ends before the day it is
// stored. A preview (CalculateStudy) may still be of a period to come.
func TestRedteam5_FutureReferencePeriod(t *testing.T) {
	ctx := context.Background()
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	for _, tt := range []struct {
		name string
		now  time.Time
		ok   bool
	}{
		{"period to come", day(2025, 6, 1), false},
		{"on its last day", day(2025, 12, 31).Add(23 * time.Hour), false},
		{"the day after", day(2026, 1, 1), true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := MustOpenServices(t)
			s.db.Now = func() time.Time { return tt.now }
			st := demoStudy(t, "org-demo", demoSerial) // reference period 2025
			if _, err := s.studies.CalculateStudy(ctx, st); err != nil {
				t.Fatalf("preview: %v", err)
			}
			_, err := s.studies.CreateStudy(ctx, st)
			if tt.ok {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "reference_period" {
				t.Fatalf("stored on %s with period %s: %v, want EINVALID naming reference_period", tt.now.Format(time.DateOnly), st.ReferencePeriod, err)
			}
			if _, n, _ := s.studies.FindStudies(ctx, footprint.StudyFilter{}); n != 0 {
				t.Fatalf("%d studies stored", n)
			}
		})
	}
}

// Ensure an application is refused for a study whose reference period has
// not ended, as a study stored before the rule may have (here: stored by a
// clock set ahead).
func TestRedteam5_FutureReferencePeriodApplication(t *testing.T) {
	ctx := context.Background()
	s := MustOpenServices(t)
	s.MustCreateOrgs(t)
	now := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	s.db.Now = func() time.Time { return now }
	st := demoStudy(t, orgMaker, demoSerial) // reference period 2025
	if _, err := s.studies.CreateStudy(ctx, st); err != nil {
		t.Fatal(err)
	}
	now = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	err := s.certs.CreateApplication(ctx, &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier})
	if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "reference_period" {
		t.Fatalf("applied on %s for period %s: %v, want EINVALID naming reference_period", now.Format(time.DateOnly), st.ReferencePeriod, err)
	}
}

// A study's documents are stored in a bucket of their own, keyed by
// creation time and ID (as study_order), so that a commit writes a new
// study's documents and not those stored before it; the documents of a
// file of schema 4 (values of study_documents and study_results, under the
// creation time and ID, or under the ID alone before issue 14) are moved
// there when it is opened, once, and are then read, listed and certified
// as stored.
func TestStudyService_DocumentKeys(t *testing.T) {
	ctx, s := mustStart(t)
	// Created at decreasing times would be in reverse UUID order only by
	// chance: give them increasing ones and check the bucket's order.
	clock := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	s.db.Now = func() time.Time { clock = clock.Add(time.Second); return clock }
	var studies []*footprint.Study
	for i := range 4 {
		studies = append(studies, s.MustCreateStudy(t, orgMaker, fmt.Sprintf("GEC-DOCKEY-%d", i)))
	}
	checkKeys := func(when string) {
		t.Helper()
		keys, legacy, err := factordb.StudyDocumentKeys(s.db)
		if err != nil {
			t.Fatal(err)
		}
		if legacy || len(keys) != len(studies) {
			t.Fatalf("%s: %d studies' documents, buckets of schema 4 left: %v; want %d, none", when, len(keys), legacy, len(studies))
		}
		for i, k := range keys {
			id := uuid.MustParse(studies[i].ID)
			if len(k) != 8+16 || !bytes.Equal(k[8:], id[:]) {
				t.Fatalf("%s: documents %d under %x, want the creation time and %s", when, i, k, id)
			}
		}
	}
	checkKeys("created")

	// Study 1 as stored before issue 14 (under its ID), study 2 as
	// stored by schema 4 (under its creation time and ID).
	old := studies[1:3]
	if err := factordb.StoreStudiesAsSchema4(s.db, true, old[0].ID); err != nil {
		t.Fatal(err)
	}
	if err := factordb.StoreStudiesAsSchema4(s.db, false, old[1].ID); err != nil {
		t.Fatal(err)
	}
	if keys, legacy, err := factordb.StudyDocumentKeys(s.db); err != nil || !legacy || len(keys) != len(studies)-len(old) {
		t.Fatalf("stored as schema 4: %d in study_files, buckets of schema 4: %v, %v", len(keys), legacy, err)
	}
	for round := range 2 { // opened again: nothing more to move
		mustRun(t, s.db, factordb.Init)
		checkKeys(fmt.Sprintf("open %d", round))
		if moved, want := schema5Events(t, s), "2 study documents and 2 results moved to study_files"; len(moved) != 1 || moved[0] != want {
			t.Fatalf("open %d: schema-5 migration events %q, want one: %q", round, moved, want)
		}
	}
	checkStudiesAsStored(t, s, old)
	list, total, err := s.studies.FindStudies(ctx, footprint.StudyFilter{})
	if err != nil || total != len(studies) {
		t.Fatalf("%d studies, %v", total, err)
	}
	owned, _, err := s.studies.FindStudies(ctx, footprint.StudyFilter{Owner: &old[0].Owner})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range [][]*footprint.Study{list, owned} {
		if len(l) != len(studies) {
			t.Fatalf("listed: %v", studyIDs(l))
		}
		for i, st := range studies {
			if l[i].ID != st.ID || l[i].Title != st.Title || l[i].Product.Model != st.Product.Model {
				t.Fatalf("listed: %v", studyIDs(l))
			}
		}
	}
	// Both kinds are certified, signing the document as stored.
	for _, st := range []*footprint.Study{old[0], old[1], studies[3]} {
		app := &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier}
		if err := s.certs.CreateApplication(ctx, app); err != nil {
			t.Fatal(err)
		}
		rec, err := s.certs.IssueCertificate(ctx, app.ID, issueReq)
		if err != nil {
			t.Fatalf("study %s: %v", st.ID, err)
		}
		if got, want := rec.Certificate().StudyDigest, certification.StudyDigest(st.Document); got != want {
			t.Fatalf("study %s: study digest %s, want %s", st.ID, got, want)
		}
	}
}

// schema5Events returns the details of the schema-5 migration events in
// the audit trail of s.
func schema5Events(tb testing.TB, s *services) []string {
	tb.Helper()
	var moved []string
	for _, ev := range migrationEvents(tb, s.certs) {
		if ev.Subject == "database/schema-5" {
			moved = append(moved, ev.Detail)
		}
	}
	return moved
}

// checkStudiesAsStored checks that each of studies, moved from schema 4,
// reads back with its document and result byte for byte as created.
func checkStudiesAsStored(tb testing.TB, s *services, studies []*footprint.Study) {
	tb.Helper()
	for _, st := range studies {
		got := s.mustFindStudy(tb, st.ID)
		if got.Result == nil {
			tb.Fatalf("study %s moved from schema 4 has no result", st.ID)
		}
		gotResult, err := got.Result.CanonicalJSON()
		if err != nil {
			tb.Fatal(err)
		}
		if wantResult, _ := st.Result.CanonicalJSON(); !bytes.Equal(got.Document, st.Document) || !bytes.Equal(gotResult, wantResult) {
			tb.Fatalf("study %s moved from schema 4 reads differently", st.ID)
		}
		if doc := factordb.StoredStudyDocument(s.db, st.ID); !bytes.Equal(doc, st.Document) {
			tb.Fatalf("StoredStudyDocument of study %s moved from schema 4", st.ID)
		}
	}
}

// moveState returns the keys of study_files, whether a bucket of schema 4
// is in the file, and its schema version.
func moveState(tb testing.TB, s *services) (keys [][]byte, legacy bool, schema uint32) {
	tb.Helper()
	keys, legacy, err := factordb.StudyDocumentKeys(s.db)
	if err != nil {
		tb.Fatal(err)
	}
	if schema, err = factordb.StoredSchema(s.db); err != nil {
		tb.Fatal(err)
	}
	return keys, legacy, schema
}

// Ensure Open moves the documents of a file of schema 4 to study_files in
// transactions of bounded size (so that a large file's move does not hold
// all its documents in memory until one commit), each bounded by the
// number of studies or by their bytes, whichever comes first; that the
// schema becomes 5, and the move is recorded once with its totals, only
// when nothing is left to move; and that a move interrupted after a batch
// (a kill) is resumed by the next Open, with nothing lost or moved twice.
func TestStudyService_DocumentsMovedInBatches(t *testing.T) {
	const moved = "5 study documents and 5 results moved to study_files"
	for _, tc := range []struct {
		name           string
		studies, bytes int
		killAfter      int // the batch after which the first Open stops; -1: none
		batches        []int
		want           string
	}{
		{"2 studies a transaction", 2, 64 << 20, -1, []int{0, 1}, moved + ", in 3 transactions"},
		{"1 byte a transaction", 1000, 1, -1, []int{0, 1, 2, 3}, moved + ", in 5 transactions"},
		{"all in one", 1000, 64 << 20, -1, nil, moved},
		{"killed after the first batch", 2, 64 << 20, 0, []int{0, 0}, moved + ", in 3 transactions over 2 opens of the file (the move was interrupted and resumed)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := MustOpenWithOrgs(t)
			var studies []*footprint.Study
			for i := range 5 {
				st := s.MustCreateStudy(t, orgMaker, fmt.Sprintf("GEC-BATCH-%d", i))
				// Under the ID alone (before issue 14) or under the
				// creation time and ID.
				if err := factordb.StoreStudiesAsSchema4(s.db, i%2 == 0, st.ID); err != nil {
					t.Fatal(err)
				}
				studies = append(studies, st)
			}
			var batches []int
			factordb.SetStudyFilesBatch(t, tc.studies, tc.bytes, func(batch int) error {
				batches = append(batches, batch)
				if batch == tc.killAfter {
					return errors.New("killed")
				}
				return nil
			})
			if tc.killAfter >= 0 {
				if err := factordb.Init(s.db); err == nil {
					t.Fatal("Open not stopped after the first batch")
				}
				// The schema is one above this program's, so that every
				// earlier program refuses the half-moved file, one of
				// schema 5 that would take it as moved among them.
				keys, legacy, schema := moveState(t, s)
				if len(keys) != tc.studies || !legacy || schema != factordb.SchemaVersion+1 || len(schema5Events(t, s)) != 0 {
					t.Fatalf("killed after a batch: %d studies in study_files, buckets of schema 4: %v, schema %d, schema-5 events %q; want %d, true, %d, none",
						len(keys), legacy, schema, schema5Events(t, s), tc.studies, factordb.SchemaVersion+1)
				}
				tc.killAfter = -1
			}
			for round := range 2 { // opened again: nothing more to move
				mustRun(t, s.db, factordb.Init)
				keys, legacy, schema := moveState(t, s)
				if len(keys) != len(studies) || legacy || schema != factordb.SchemaVersion {
					t.Fatalf("open %d: %d studies in study_files, buckets of schema 4: %v, schema %d; want %d, false, %d", round, len(keys), legacy, schema, len(studies), factordb.SchemaVersion)
				}
				if got := schema5Events(t, s); len(got) != 1 || got[0] != tc.want {
					t.Fatalf("open %d: schema-5 migration events %q, want one: %q", round, got, tc.want)
				}
			}
			if !slices.Equal(batches, tc.batches) {
				t.Fatalf("Open stopped after batches %v, want %v", batches, tc.batches)
			}
			checkStudiesAsStored(t, s, studies)
			if _, total, err := s.studies.FindStudies(context.Background(), footprint.StudyFilter{}); err != nil || total != len(studies) {
				t.Fatalf("%d studies listed, %v", total, err)
			}
		})
	}
}

// Ensure a study stored before data-quality scores were held to the PEF
// scale (red team 6) stays readable, and is not certified: reading its
// document with today's check made it a corrupt record, an internal error
// on every page that showed it. It is read as stored, and an application
// for it is refused naming the score, as a new study with it would be.
func TestStudyService_StoredStudyWithScoreOffTheScale(t *testing.T) {
	s := MustOpenWithOrgs(t)
	ctx := context.Background()
	st := s.MustCreateStudy(t, orgMaker, "GEC-DQ-OLD")
	var doc map[string]any
	if err := json.Unmarshal(st.Document, &doc); err != nil {
		t.Fatal(err)
	}
	doc["bom"].([]any)[0].(map[string]any)["dq"] = map[string]any{"ter": 1, "gr": 1, "tir": 1, "p": 7}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if err := factordb.SetStudyDocument(s.db, st.ID, b); err != nil {
		t.Fatal(err)
	}
	got, err := s.studies.FindStudyByID(asOrg(orgMaker), st.ID)
	if err != nil {
		t.Fatalf("the stored study does not read: %v", err)
	}
	if q := got.BOM[0].Quality; q == nil || q.P != 7 {
		t.Fatalf("bom[0].dq = %+v, want the stored p 7", q)
	}
	_, err = s.apply(ctx, orgMaker, st.ID, uuid.Nil)
	if footprint.ErrorCode(err) != footprint.EINVALID || footprint.ErrorField(err) != "bom[0].dq.p" {
		t.Fatalf("application for it: %v, want EINVALID naming bom[0].dq.p", err)
	}
}

// Ensure the study service calculates with the set's factors of the
// study's own product (footprint.ComparisonCodes), with or without a
// supplier, so that a result below every factor of its product is warned
// when the study is stored and when its application recalculates it (red
// team 18): a PV cell (HS 854142) under electronics of 12.2 g of
// metallurgical silicon, 0.17 kgCO2e, where the set's PV-CELL-MONO182 is
// 1.59 per piece. Until now the service passed them only to a study with
// a supplier, so the engine saw no factor of the cell.
func TestStudyService_ResultBelowTheSetsFactorOfItsProduct(t *testing.T) {
	s := MustOpenWithOrgs(t)
	st := mgSiCellStudy(t, orgMaker)
	warned := func(res *footprint.Result) bool {
		return slices.ContainsFunc(res.Warnings, func(w footprint.Warning) bool {
			return w.Path == "product.product_codes" && strings.Contains(w.Message, "the lowest, PV-CELL-MONO182, is 1.59 kgCO2e per declared unit")
		})
	}
	res, err := s.studies.CalculateStudy(asOrg(orgMaker), st)
	if err != nil {
		t.Fatal(err)
	}
	if !warned(res) {
		t.Fatalf("calculated: %.3f kgCO2e, no warning of PV-CELL-MONO182: %+v", res.KgCO2e, res.Warnings)
	}
	if _, err := s.studies.CreateStudy(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	if !warned(st.Result) {
		t.Fatalf("stored: no warning of PV-CELL-MONO182: %+v", st.Result.Warnings)
	}
	s.mustApplyFor(t, st) // the application's recalculation gives the same warnings
}

// Ensure a list of studies reads each study's summary alone, not its
// documents (one read per study, not two): with its documents gone, a
// study is still listed, with its goal and scope, product, headline figure
// and result digest as a single read gave them. A study whose summary was
// stored before it kept them is listed the same, from its documents.
func TestFindStudyRows_FromTheSummary(t *testing.T) {
	s := MustOpenServices(t)
	ctx := context.Background()
	older, listed := s.MustCreateStudy(t, orgMaker, "GEC-LIST-1"), s.MustCreateStudy(t, orgMaker, "GEC-LIST-2")
	want := map[string]studylist.Row{}
	for _, st := range []*footprint.Study{older, listed} {
		read := s.mustFindStudy(t, st.ID)
		b, err := read.Result.CanonicalJSON()
		if err != nil {
			t.Fatal(err)
		}
		sum, kg := sha256.Sum256(b), read.Result.KgCO2e
		want[st.ID] = studylist.Row{Study: &footprint.Study{ID: read.ID, Owner: read.Owner, CreatedAt: read.CreatedAt, Title: read.Title,
			Rule: read.Rule, Boundary: read.Boundary, DeclaredUnit: read.DeclaredUnit, ReferencePeriod: read.ReferencePeriod,
			FactorSet: read.FactorSet, Product: read.Product}, KgCO2e: &kg, ResultDigest: hex.EncodeToString(sum[:])}
	}
	if err := factordb.PutStudySummaryWithoutListing(s.db, older.ID); err != nil {
		t.Fatal(err)
	}
	if err := factordb.DropStudyDocuments(s.db, listed.ID); err != nil {
		t.Fatal(err)
	}
	rows, total, err := s.studies.FindStudyRows(ctx, footprint.StudyFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if total != 2 || len(rows) != 2 {
		t.Fatalf("%d rows of %d, want 2", len(rows), total)
	}
	for _, r := range rows {
		w := want[r.Study.ID]
		if r.KgCO2e == nil || *r.KgCO2e != *w.KgCO2e || r.ResultDigest != w.ResultDigest || !reflect.DeepEqual(r.Study, w.Study) {
			t.Errorf("row %+v (kg %v), want %+v (kg %v)", *r.Study, r.KgCO2e, *w.Study, *w.KgCO2e)
		}
	}
}

// Ensure FindStudies reads each study's summary alone: with its documents
// gone, a study is listed with the fields the list shows.
func TestFindStudies_ReadsTheSummaryAlone(t *testing.T) {
	s := MustOpenServices(t)
	ctx := context.Background()
	st := s.MustCreateStudy(t, orgMaker, "GEC-LIST-3")
	read := s.mustFindStudy(t, st.ID)
	if err := factordb.DropStudyDocuments(s.db, st.ID); err != nil {
		t.Fatal(err)
	}
	studies, total, err := s.studies.FindStudies(ctx, footprint.StudyFilter{})
	if err != nil || total != 1 || len(studies) != 1 {
		t.Fatalf("FindStudies: %d of %d, %v", len(studies), total, err)
	}
	got := studies[0]
	if got.ID != read.ID || got.Title != read.Title || got.Boundary != read.Boundary || got.DeclaredUnit != read.DeclaredUnit ||
		got.ReferencePeriod != read.ReferencePeriod || !reflect.DeepEqual(got.Product, read.Product) {
		t.Errorf("listed %+v, want the fields of %+v", got, read)
	}
}
