package factordb_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/google/uuid"
)

// Ensure the register compares serials by footprint.SerialKey: a serial
// written with a trailing dot or a doubled hyphen is the instrument a
// study applied for holds, and a database written before keeps its claims
// findable under the key.
func TestStudyService_SerialVariantsAreOneInstrument(t *testing.T) {
	ctx, s := mustStart(t)
	first := s.MustCreateStudy(t, orgMaker, "GEC-SV-2025-1")
	s.mustApplyFor(t, first)
	for _, serial := range []string{"GEC-SV-2025-1.", "gec--sv-2025-1", "GEC/SV/2025/1#"} {
		_, err := s.studies.CreateStudy(ctx, demoStudy(t, orgMaker2, serial))
		if footprint.ErrorCode(err) != footprint.ECONFLICT {
			t.Errorf("serial %q beside GEC-SV-2025-1: %v, want a conflict", serial, err)
		}
	}
	if claims, err := s.studies.FindGreenClaims(ctx, "GEC-SV-2025-1-000500."); err != nil || len(claims) != 1 || claims[0].StudyID != first.ID {
		t.Fatalf("claims of GEC-SV-2025-1.: %+v %v", claims, err)
	}

	y := footprint.Period{Start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)}
	if err := factordb.PutLegacyGreenClaim(s.db, "GEC-OLD-1.", "legacy-study", y); err != nil {
		t.Fatal(err)
	}
	mustRun(t, s.db, factordb.Init) // what Open does
	claims, err := s.studies.FindGreenClaims(ctx, "GEC-OLD-1")
	if err != nil || len(claims) != 1 || claims[0].Serial != "GEC-OLD-1." {
		t.Fatalf("legacy claim after Open: %+v %v", claims, err)
	}

	// A claim stored under the first re-key's key (before SerialKey read
	// numbers) is found under today's key after Open, and a study
	// claiming the same serial, written the same way, conflicts with it.
	if err := factordb.PutGreenClaimKeyedV1(s.db, "GEC-V1-2025-000001", "v1-study", y); err != nil {
		t.Fatal(err)
	}
	mustRun(t, s.db, factordb.Init)
	if claims, err := s.studies.FindGreenClaims(ctx, "GEC-V1-2025-000001"); err != nil || len(claims) != 1 || claims[0].StudyID != "v1-study" {
		t.Fatalf("claim keyed before SerialKey read numbers, after Open: %+v %v", claims, err)
	}
}

// Ensure a green certificate is not locked by a study that was only
// stored. Claims are recorded when a study is stored, before any
// application or certificate, and a stored study is never deleted, so:
//   - the holder of a certificate cannot submit a corrected study with its
//     own green certificate (a corrected study is a new study,
//     docs/integrity.md): 409 "already claimed by another study";
//   - any manufacturer can store a study naming another company's
//     certificate serial and lock it out for good (on the running
//     service, Demo Module Co.'s resubmission of its own demo study was
//     refused this way), which pushes the owner to a look-alike serial
//     that the register takes as another one ("GEC-…-000001.", see
//     footprint TestRedteam_SerialPunctuationVariants).
func TestRedteam_StoredStudyDoesNotLockItsInstruments(t *testing.T) {
	s := MustOpenWithOrgs(t)
	first := s.MustCreateStudy(t, orgMaker, "GEC-RT-CL-1") // stored, never applied for
	second := demoStudy(t, orgMaker, "GEC-RT-CL-1")
	second.Title = first.Title + " (corrected)"
	if _, err := s.studies.CreateStudy(context.Background(), second); err != nil {
		t.Fatalf("corrected study of the same holder with its own green certificate: %v", err)
	}
}

// batchStudy is the demo study of owner claiming the green certificates
// first to last (last "" for one certificate) for mwh MWh, as its own
// product model.
func batchStudy(tb testing.TB, owner, first, last string, mwh float64) *footprint.Study {
	tb.Helper()
	st := demoStudy(tb, owner, demoSerial)
	in := st.Electricity[0].Instruments[0]
	in.Serial, in.SerialLast, in.MWh = first, last, mwh
	st.Product.Model += " " + first
	return st
}

// Ensure a green certificate inside a batch another study holds cannot be
// claimed again. The demo study claims GEC-DEMO-2025-000001 to -001000
// (1,000 MWh, one certificate per MWh); the register compared only the
// first serial, so another company's study claiming GEC-DEMO-2025-000500,
// or a batch overlapping the demo's, was stored and certified with the same
// certificates of green power.
func TestStudyService_GreenCertificateInsideAHeldBatch(t *testing.T) {
	ctx, s := mustStart(t)
	first := s.MustCreateStudy(t, orgMaker, demoSerial)
	s.mustApplyFor(t, first)
	for _, tt := range []struct{ name, first, last string }{
		{"OneInside", "GEC-DEMO-2025-000500", ""},
		{"TheLast", "GEC-DEMO-2025-001000", ""},
		{"BatchOverTheEnd", "GEC-DEMO-2025-000901", "GEC-DEMO-2025-001900"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			mwh := 1.0
			if tt.last != "" {
				mwh = 1000
			}
			_, err := s.studies.CreateStudy(ctx, batchStudy(t, orgMaker2, tt.first, tt.last, mwh))
			if footprint.ErrorCode(err) != footprint.ECONFLICT {
				t.Fatalf("%s beside the demo batch: %v, want a conflict", tt.first, err)
			}
			if msg := footprint.ErrorMessage(err); !strings.Contains(msg, tt.first) || strings.Contains(msg, first.ID) {
				t.Errorf("message %q: want the serial named and the holding study not", msg)
			}
			if e, _ := errors.AsType[*footprint.Error](err); e == nil || e.Field != "electricity[0].instruments[0].serial" {
				t.Errorf("error %#v: want the field of the instrument named", e)
			}
		})
	}
	// The next batch is another set of certificates; the register finds
	// each study's claim by any serial of its batch.
	next := batchStudy(t, orgMaker2, "GEC-DEMO-2025-001001", "GEC-DEMO-2025-002000", 1000)
	if _, err := s.studies.CreateStudy(ctx, next); err != nil {
		t.Fatalf("the next batch: %v", err)
	}
	for serial, want := range map[string]string{"GEC-DEMO-2025-000777": first.ID, "GEC-DEMO-2025-1500": next.ID} {
		if claims, err := s.studies.FindGreenClaims(ctx, serial); err != nil || len(claims) != 1 || claims[0].StudyID != want {
			t.Errorf("claims of %s: %+v %v", serial, claims, err)
		}
	}
}

// Ensure a claim stored before batches were ranges (one serial, N MWh)
// holds, after Open, the N certificates from its serial on: a new study
// claiming a certificate of that batch is refused.
func TestStudyService_LegacyBatchHeldAfterUpgrade(t *testing.T) {
	ctx, s := mustStart(t)
	y := footprint.Period{Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)}
	if err := factordb.PutGreenClaimBeforeRanges(s.db, "GEC-LEG-2025-000001", "legacy-study", y, 1000); err != nil {
		t.Fatal(err)
	}
	mustRun(t, s.db, factordb.Init) // what Open does
	_, err := s.studies.CreateStudy(ctx, batchStudy(t, orgMaker2, "GEC-LEG-2025-000500", "GEC-LEG-2025-001499", 1000))
	if footprint.ErrorCode(err) != footprint.ECONFLICT {
		t.Fatalf("a batch overlapping a legacy claim's: %v, want a conflict", err)
	}
	if claims, err := s.studies.FindGreenClaims(ctx, "GEC-LEG-2025-000999"); err != nil || len(claims) != 1 || claims[0].StudyID != "legacy-study" {
		t.Fatalf("claims of a serial in the legacy batch: %+v %v", claims, err)
	}
	if _, err := s.studies.CreateStudy(ctx, batchStudy(t, orgMaker2, "GEC-LEG-2025-001001", "GEC-LEG-2025-002000", 1000)); err != nil {
		t.Fatalf("the batch after the legacy one: %v", err)
	}
}

// Ensure the ranges re-key loses no claim of a study whose two legacy
// serials have one key today: "GEC-LEGB-A1" (1,000 MWh) and
// "GEC-LEGB-A0001" (1 MWh) were two serials to the register before ranges
// (their SerialKeys differ: a run of letters and digits keeps its zeros)
// and are both the batch from number 1 under prefix GEC-LEGB-A today. The
// re-key wrote both to one key, the last over the first, so the 1,000-MWh
// batch was lost and its certificates free for another study.
func TestStudyService_LegacyClaimsOfOneStudyMergedAtRekey(t *testing.T) {
	ctx, s := mustStart(t)
	y := footprint.Period{Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)}
	for _, c := range []struct {
		serial string
		mwh    float64
	}{{"GEC-LEGB-A1", 1000}, {"GEC-LEGB-A0001", 1}} {
		if err := factordb.PutGreenClaimBeforeRanges(s.db, c.serial, "legacy-study", y, c.mwh); err != nil {
			t.Fatal(err)
		}
	}
	for range 2 { // what Open does, and again: the re-key is idempotent
		mustRun(t, s.db, factordb.Init)
	}
	_, err := s.studies.CreateStudy(ctx, batchStudy(t, orgMaker2, "GEC-LEGB-A0500", "", 1))
	if footprint.ErrorCode(err) != footprint.ECONFLICT {
		t.Fatalf("a certificate of the legacy 1,000-MWh batch after the re-key: %v, want a conflict", err)
	}
	if claims, err := s.studies.FindGreenClaims(ctx, "GEC-LEGB-A1"); err != nil || len(claims) != 1 || claims[0].MWh != 1000 {
		t.Fatalf("claims of the first serial: %+v %v, want the one 1,000-MWh batch", claims, err)
	}
}

// Ensure a look-up finds a long batch held early in a long series: it
// starts as far back as the longest batch of the prefix reaches, not at
// the new claim's number, and not at the start of the series.
func TestStudyService_LongBatchFoundPastManyLaterClaims(t *testing.T) {
	ctx, s := mustStart(t)
	y := footprint.Period{Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)}
	claim := func(first, last string, mwh float64) []footprint.GreenClaim {
		return []footprint.GreenClaim{{Serial: first, SerialLast: last, Kind: footprint.InstrumentGreenCertificate, Period: y, MWh: mwh}}
	}
	if err := s.studies.ClaimInstruments(ctx, "long", claim("GEC-SPAN-000001", "GEC-SPAN-005000", 5000)); err != nil {
		t.Fatal(err)
	}
	for i := range 300 {
		n := fmt.Sprintf("GEC-SPAN-%06d", 6000+i)
		if err := s.studies.ClaimInstruments(ctx, "single-"+n, claim(n, "", 1)); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		first, last string
		mwh         float64
		held        bool
	}{
		{"GEC-SPAN-004999", "", 1, true},                   // inside the long batch
		{"GEC-SPAN-005001", "GEC-SPAN-005999", 999, false}, // between
		{"GEC-SPAN-005990", "GEC-SPAN-006010", 21, true},   // reaches the singles
		{"GEC-SPAN-000002", "", 1, true},                   // the long batch's second
	} {
		err := s.studies.ClaimInstruments(ctx, "new-"+tt.first, claim(tt.first, tt.last, tt.mwh))
		if got := footprint.ErrorCode(err) == footprint.ECONFLICT; got != tt.held {
			t.Errorf("claim of %s–%s: %v, want held %v", tt.first, tt.last, err, tt.held)
		}
	}
}

// Ensure the register takes at most footprint.MaxInstruments claims at
// once, as a study gives: each is compared with those before it inside the
// write transaction.
func TestStudyService_ClaimInstrumentsBounded(t *testing.T) {
	s := MustOpenWithOrgs(t)
	y := footprint.Period{Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)}
	var claims []footprint.GreenClaim
	for i := range footprint.MaxInstruments + 1 {
		claims = append(claims, footprint.GreenClaim{Serial: fmt.Sprintf("GEC-MANY-%03d", i), Kind: footprint.InstrumentGreenCertificate, Period: y, MWh: 1})
	}
	assertCode(t, s.studies.ClaimInstruments(context.Background(), "many", claims), footprint.EINVALID)
	if got, err := s.studies.FindGreenClaims(context.Background(), "GEC-MANY-000"); err != nil || len(got) != 0 {
		t.Fatalf("claims after the refusal: %+v %v", got, err)
	}
	if err := s.studies.ClaimInstruments(context.Background(), "many", claims[:footprint.MaxInstruments]); err != nil {
		t.Fatal(err)
	}
}

// Ensure a study cannot squat a series of green certificates (red team
// 7): a study claimed any number of certificates, far beyond what its line
// used (the engine only warned "claimed but not used"), and its claim
// bound once applied for. orgMaker2 claimed GEC-SQ-2025-000000001 to
// -999999999 (a billion MWh, a hundred times China's yearly electricity;
// the demo line uses 2 MWh of it) and applied: from then on every other
// company's study claiming one real certificate of that series was
// refused (409). The study is now refused when stored, naming the
// instrument's mwh, and the honest one is stored.
func TestRedteam7_UnusedMWhDoNotHoldTheRegister(t *testing.T) {
	ctx, s := mustStart(t)
	squat := batchStudy(t, orgMaker2, "GEC-SQ-2025-000000001", "GEC-SQ-2025-999999999", 999_999_999)
	_, err := s.studies.CreateStudy(ctx, squat)
	if footprint.ErrorCode(err) != footprint.EINVALID || !strings.HasSuffix(footprint.ErrorField(err), ".mwh") {
		t.Fatalf("the study claiming a billion certificates it does not use: %v, want EINVALID naming the instrument's mwh", err)
	}
	honest := batchStudy(t, orgMaker, "GEC-SQ-2025-000123456", "", 1)
	if _, err := s.studies.CreateStudy(ctx, honest); err != nil {
		t.Fatalf("orgMaker's study with its one green certificate, inside the billion MWh orgMaker2 claimed and does not use: %v", err)
	}
}

// Ensure a claim stored before the register dropped the punctuation
// between letters, and between letters and numbers (red team 18), is held
// under today's key once the file is opened: the demo maker's batch
// GEC-DEMO-2025-000001 to -001000 (1,000 MWh), keyed then under the prefix
// GEC-DEM0-2025- with its span, refuses another company's study claiming
// it written GECDEMO2025-… (or with other punctuation), with a conflict
// naming the serial and nothing written. A look-up deep in the batch finds
// it after a later claim under today's prefix: the re-key builds the
// prefix's span, so the look-up starts far enough back.
func TestRedteam18_SerialClaimKeyedBeforeFoldingRefusesTheBatchWithoutHyphens(t *testing.T) {
	ctx, s := mustStart(t)
	y := footprint.Period{Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)}
	if err := factordb.PutGreenClaimBeforeHyphensFolded(s.db, "GEC-DEMO-2025-000001", "GEC-DEMO-2025-001000", "legacy-study", y, 1000); err != nil {
		t.Fatal(err)
	}
	mustRun(t, s.db, factordb.Init) // what Open does
	later := []footprint.GreenClaim{{Serial: "GEC-DEMO-2025-002000", Kind: footprint.InstrumentGreenCertificate, Period: y, MWh: 1}}
	if err := s.studies.ClaimInstruments(ctx, "later-study", later); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ first, last string }{
		{"GECDEMO2025-000001", "GECDEMO2025-001000"},
		{"GECDEMO-2025-000001", "GECDEMO-2025-001000"},
		{"GEC-DEMO2025-000001", "GEC-DEMO2025-001000"},
		{"GEC_DEM0.2025:000001", "GEC_DEM0.2025:001000"},
		{"GECDEMO2025-000900", ""}, // one certificate deep in the batch
	} {
		mwh := 1000.0
		if tt.last == "" {
			mwh = 1
		}
		_, err := s.studies.CreateStudy(ctx, batchStudy(t, orgMaker2, tt.first, tt.last, mwh))
		if footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "electricity[0].instruments[0].serial" || !strings.Contains(err.Error(), footprint.NormalizeSerial(tt.first)) {
			t.Errorf("%s to %s beside the batch stored before the re-key: %v, want a conflict naming the serial", tt.first, tt.last, err)
		}
	}
	claims, err := s.studies.FindGreenClaims(ctx, "GEC-DEMO2025-000999")
	if err != nil || len(claims) != 1 || claims[0].StudyID != "legacy-study" || claims[0].MWh != 1000 {
		t.Fatalf("claims of GEC-DEMO2025-000999 after Open: %+v %v, want the legacy batch only", claims, err)
	}
}

// Ensure a batch of green certificates claimed again with its year written
// together with the number is refused, either way round: the demo maker's
// GEC-DEMO-2025-000001 to -001000 (1,000 MWh, its certificate applied for)
// was stored for another company as GEC-DEMO-2025000001 to
// GEC-DEMO-2025001000, another prefix and other numbers to the register,
// so two certificates could count the same green power.
func TestStudyService_GreenBatchYearWrittenWithTheNumber(t *testing.T) {
	for _, tt := range []struct{ held, heldLast, first, last string }{
		{demoSerial, "GEC-DEMO-2025-001000", "GEC-DEMO-2025000001", "GEC-DEMO-2025001000"},
		{demoSerial, "GEC-DEMO-2025-001000", "GECDEMO2025000500", ""},
		{"GEC-DEMO-2025000001", "GEC-DEMO-2025001000", "GEC-DEMO-2025-000001", "GEC-DEMO-2025-001000"},
	} {
		ctx, s := mustStart(t)
		s.mustApplyFor(t, s.MustCreateStudy(t, orgMaker, demoSerial, func(st *footprint.Study) {
			in := st.Electricity[0].Instruments[0]
			in.Serial, in.SerialLast, in.MWh = tt.held, tt.heldLast, 1000
		}))
		mwh := 1000.0
		if tt.last == "" {
			mwh = 1
		}
		_, err := s.studies.CreateStudy(ctx, batchStudy(t, orgMaker2, tt.first, tt.last, mwh))
		if footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "electricity[0].instruments[0].serial" || !strings.Contains(err.Error(), footprint.NormalizeSerial(tt.first)) {
			t.Errorf("%s to %s beside the batch %s to %s: %v, want a conflict naming the serial", tt.first, tt.last, tt.held, tt.heldLast, err)
		}
	}
}

// Ensure a claim stored before the register read a year written with the
// number after it is held under today's key once the file is opened: the
// batch GEC-DEMO-2025000001 to GEC-DEMO-2025001000, keyed then under the
// prefix GECDEM with the numbers 2025000001 to 2025001000, refuses another
// company's GEC-DEMO-2025-000001 to -001000.
func TestStudyService_GreenBatchKeyedBeforeYearsReadApart(t *testing.T) {
	ctx, s := mustStart(t)
	y := footprint.Period{Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)}
	if err := factordb.PutGreenClaimKeyedBeforeYears(s.db, "GEC-DEMO-2025000001", "GEC-DEMO-2025001000", "GECDEM", "2025000001", "2025001000", "legacy-study", y, 1000); err != nil {
		t.Fatal(err)
	}
	mustRun(t, s.db, factordb.Init) // what Open does
	_, err := s.studies.CreateStudy(ctx, batchStudy(t, orgMaker2, "GEC-DEMO-2025-000001", "GEC-DEMO-2025-001000", 1000))
	if footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "electricity[0].instruments[0].serial" {
		t.Errorf("the batch stored before the re-key, claimed again with the year apart: %v, want a conflict naming the serial", err)
	}
	claims, err := s.studies.FindGreenClaims(ctx, "GEC-DEMO-2025-000999")
	if err != nil || len(claims) != 1 || claims[0].StudyID != "legacy-study" {
		t.Fatalf("claims of GEC-DEMO-2025-000999 after Open: %+v %v, want the legacy batch", claims, err)
	}
}

// contractStudy is the demo study of owner claiming mwh of 绿电 trading
// contract serial (of total MWh over its term; 0 for none stated) for the
// months from to to of 2025, as its own product model.
func contractStudy(tb testing.TB, owner, serial string, mwh, total float64, from, to time.Month) *footprint.Study {
	tb.Helper()
	st := demoStudy(tb, owner, demoSerial)
	in := st.Electricity[0].Instruments[0]
	in.Kind, in.Serial, in.SerialLast, in.MWh, in.ContractMWh = footprint.InstrumentGreenPowerTrading, serial, "", mwh, total
	in.Period = footprint.Period{Start: time.Date(2025, from, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2025, to+1, 0, 0, 0, 0, 0, time.UTC)}
	st.Product.Model += fmt.Sprintf(" %s %g", serial, mwh)
	return st
}

// Ensure a claim on a 绿电 contract stored before claims had a total (a
// database written before session 34) counts its MWh against the total a
// new claim states: 800 MWh held for January to June leave 200 of a
// 1,000 MWh contract for July to December, and it never makes a total
// differ. The claim binds (ClaimInstruments alone, as an applied-for
// study's).
func TestStudyService_ContractClaimStoredBeforeTotals(t *testing.T) {
	ctx, s := mustStart(t)
	held := []footprint.GreenClaim{{Serial: "GPT-LEG-7", Kind: footprint.InstrumentGreenPowerTrading, MWh: 800,
		Period: footprint.Period{Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)}}}
	if err := s.studies.ClaimInstruments(ctx, "legacy-study", held); err != nil {
		t.Fatal(err)
	}
	_, err := s.studies.CreateStudy(ctx, contractStudy(t, orgMaker2, "GPT-LEG-7", 201, 1000, time.July, time.December))
	assertCode(t, err, footprint.ECONFLICT)
	if got, want := footprint.ErrorField(err), "electricity[0].instruments[0].mwh"; got != want {
		t.Fatalf("field %q (%v), want %q", got, err, want)
	}
	if claims, err := s.studies.FindGreenClaims(ctx, "GPT-LEG-7"); err != nil || len(claims) != 1 {
		t.Fatalf("claims after the refusal: %+v %v", claims, err)
	}
	st := contractStudy(t, orgMaker2, "GPT-LEG-7", 200, 1000, time.July, time.December)
	if _, err := s.studies.CreateStudy(ctx, st); err != nil {
		t.Fatalf("the 200 MWh left: %v", err)
	}
	claims, err := s.studies.FindGreenClaims(ctx, "GPT-LEG-7")
	if err != nil || len(claims) != 2 || claims[1].StudyID != st.ID || claims[1].ContractMWh != 1000 || claims[0].ContractMWh != 0 {
		t.Fatalf("claims: %+v %v, want the old claim without a total and the new one with 1000", claims, err)
	}
}

// Ensure a study stored before contract totals, whose 绿电 contract states
// none, is not certified: the application recalculates it with today's
// rules and refuses it naming the instrument's contract_mwh, as any study
// stored before a rule (docs/integrity.md "Studies already stored").
func TestStudyService_StoredContractWithoutTotalNotApplied(t *testing.T) {
	ctx, s := mustStart(t)
	st := contractStudy(t, orgMaker, "GPT-OLD-1", 1000, 1000, time.January, time.December)
	if _, err := s.studies.CreateStudy(ctx, st); err != nil {
		t.Fatal(err)
	}
	doc := factordb.StoredStudyDocument(s.db, st.ID)
	old := strings.Replace(string(doc), `,"contract_mwh":1000`, "", 1)
	if old == string(doc) {
		t.Fatalf("no contract_mwh in the stored document: %s", doc)
	}
	if err := factordb.SetStudyDocument(s.db, st.ID, []byte(old)); err != nil {
		t.Fatal(err)
	}
	_, err := s.apply(ctx, orgMaker, st.ID, uuid.Nil)
	assertCode(t, err, footprint.EINVALID)
	if got, want := footprint.ErrorField(err), "electricity[0].instruments[0].contract_mwh"; got != want {
		t.Fatalf("field %q (%v), want %q", got, err, want)
	}
}
