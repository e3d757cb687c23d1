package footprint_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/seed/seedtest"
)

// memClaimStore is an in-memory claim store, the reference for the bbolt
// one (factordb's StudyService.ClaimInstruments and FindGreenClaims):
// claims are checked with footprint.CheckGreenClaims and written all or
// nothing.
type memClaimStore struct {
	mu     sync.Mutex
	claims map[string][]footprint.GreenClaim // normalised serial → claims
}

func newMemClaimStore() *memClaimStore {
	return &memClaimStore{claims: map[string][]footprint.GreenClaim{}}
}

func (m *memClaimStore) ClaimInstruments(_ context.Context, studyID string, claims []footprint.GreenClaim) error {
	if studyID == "" {
		return footprint.Errorf(footprint.EINVALID, "study id is required")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	var held []footprint.GreenClaim
	for _, c := range claims {
		if footprint.NormalizeSerial(c.Serial) == "" {
			return footprint.Errorf(footprint.EINVALID, "serial is required")
		}
		held = append(held, m.claims[footprint.NormalizeSerial(c.Serial)]...)
	}
	if err := footprint.CheckGreenClaims(held, studyID, claims); err != nil {
		return err
	}
	for _, c := range claims {
		key := footprint.NormalizeSerial(c.Serial)
		c.Serial, c.StudyID = key, studyID
		kept := slices.DeleteFunc(m.claims[key], func(h footprint.GreenClaim) bool { return h.StudyID == studyID })
		m.claims[key] = append(kept, c)
	}
	return nil
}

func (m *memClaimStore) FindGreenClaims(_ context.Context, serial string) ([]footprint.GreenClaim, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := slices.Clone(m.claims[footprint.NormalizeSerial(serial)])
	slices.SortFunc(out, func(a, b footprint.GreenClaim) int {
		if c := a.Period.Start.Compare(b.Period.Start); c != 0 {
			return c
		}
		return strings.Compare(a.StudyID, b.StudyID)
	})
	return out, nil
}

func TestGreenClaimStore_DoubleClaim(t *testing.T) {
	// Ensure a green-power instrument serial claimed by one study cannot be
	// claimed by another for the same period: a 绿证 (green certificate)
	// never again, a 绿电 (green power trading) contract once per period.
	ctx := context.Background()
	year := func(y int) footprint.Period { return footprint.Period{Start: day(y, 1, 1), End: day(y, 12, 31)} }
	claim := func(kind footprint.InstrumentKind, serial string, p footprint.Period) []footprint.GreenClaim {
		return []footprint.GreenClaim{{Serial: serial, Kind: kind, Period: p, MWh: 100}}
	}
	for _, tt := range []struct {
		name    string
		kind    footprint.InstrumentKind
		bSerial string
		bPeriod footprint.Period
		code    string
	}{
		{"CertificateSamePeriod", footprint.InstrumentGreenCertificate, "X-1", year(2025), footprint.ECONFLICT},
		{"CertificateSerialSpelledDifferently", footprint.InstrumentGreenCertificate, " x-1", year(2025), footprint.ECONFLICT},
		{"CertificateOtherPeriod", footprint.InstrumentGreenCertificate, "X-1", year(2026), footprint.ECONFLICT},
		{"TradingSamePeriod", footprint.InstrumentGreenPowerTrading, "X-1", year(2025), footprint.ECONFLICT},
		{"TradingOverlappingPeriod", footprint.InstrumentGreenPowerTrading, "X-1", footprint.Period{Start: day(2025, 12, 1), End: day(2026, 5, 31)}, footprint.ECONFLICT},
		{"TradingOtherPeriod", footprint.InstrumentGreenPowerTrading, "X-1", year(2026), ""},
		{"OtherSerial", footprint.InstrumentGreenCertificate, "X-2", year(2025), ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			store := newMemClaimStore()
			if err := store.ClaimInstruments(ctx, "study-A", claim(tt.kind, "X-1", year(2025))); err != nil {
				t.Fatal(err)
			}
			err := store.ClaimInstruments(ctx, "study-B", claim(tt.kind, tt.bSerial, tt.bPeriod))
			if got := footprint.ErrorCode(err); got != tt.code {
				t.Fatalf("code = %q (%v), want %q", got, err, tt.code)
			}
			if tt.code == footprint.ECONFLICT {
				// The holding study may be another organisation's:
				// its ID is not named (issue 9 item 8).
				if msg := footprint.ErrorMessage(err); !strings.Contains(msg, "X-1") || strings.Contains(msg, "study-A") {
					t.Errorf("message = %q, want the serial and not the holding study", msg)
				}
				// Nothing of the refused claim was written.
				claims, _ := store.FindGreenClaims(ctx, "X-1")
				if len(claims) != 1 || claims[0].StudyID != "study-A" {
					t.Errorf("claims after refusal = %+v", claims)
				}
			}
		})
	}
}

func TestGreenClaimStore_SameStudyAgain(t *testing.T) {
	// Ensure a study may store its own claims again (idempotent).
	ctx := context.Background()
	store := newMemClaimStore()
	c := []footprint.GreenClaim{{Serial: "GEC-9", Kind: footprint.InstrumentGreenCertificate, Period: year2025, MWh: 1}}
	for range 2 {
		if err := store.ClaimInstruments(ctx, "study-A", c); err != nil {
			t.Fatal(err)
		}
	}
	if claims, _ := store.FindGreenClaims(ctx, "gec-9"); len(claims) != 1 {
		t.Errorf("claims = %+v, want one", claims)
	}
}

// Ensure a 绿电 trading contract is claimed in parts up to the total a new
// claim states, whatever the periods: the other studies' held parts count
// (a part held before totals, stating none, too), the study's own earlier
// claim does not, a held claim stating another total is refused naming
// contract_mwh, and parts that sum to the total exactly pass.
func TestCheckGreenClaims_ContractTotal(t *testing.T) {
	gpt := footprint.InstrumentGreenPowerTrading
	h1 := footprint.Period{Start: day(2025, 1, 1), End: day(2025, 6, 30)}
	h2 := footprint.Period{Start: day(2025, 7, 1), End: day(2025, 12, 31)}
	part := func(study string, mwh, total float64, p footprint.Period) footprint.GreenClaim {
		return footprint.GreenClaim{Serial: "GPT-7", Kind: gpt, Period: p, MWh: mwh, ContractMWh: total, StudyID: study, Path: "electricity[0].instruments[0]"}
	}
	for _, tt := range []struct {
		name  string
		held  []footprint.GreenClaim
		claim footprint.GreenClaim
		field string // "" for none refused
	}{
		{"WholeContractTwice", []footprint.GreenClaim{part("a", 1000, 1000, h1)}, part("", 1000, 1000, h2), ".mwh"},
		{"PartsToTheTotal", []footprint.GreenClaim{part("a", 0.1, 0.3, h1), part("b", 0.1, 0.3, h1)}, part("", 0.1, 0.3, h2), ""},
		{"PastTheTotal", []footprint.GreenClaim{part("a", 600, 1000, h1)}, part("", 401, 1000, h2), ".mwh"},
		{"HeldBeforeTotals", []footprint.GreenClaim{part("a", 600, 0, h1)}, part("", 401, 1000, h2), ".mwh"},
		{"HeldBeforeTotalsWithin", []footprint.GreenClaim{part("a", 600, 0, h1)}, part("", 400, 1000, h2), ""},
		{"OwnEarlierClaim", []footprint.GreenClaim{part("s", 1000, 1000, h1)}, part("", 1000, 1000, h2), ""},
		{"OtherTotal", []footprint.GreenClaim{part("a", 100, 2000, h1)}, part("", 100, 1000, h2), ".contract_mwh"},
		{"OtherContract", []footprint.GreenClaim{{Serial: "GPT-8", Kind: gpt, Period: h1, MWh: 1000, ContractMWh: 1000, StudyID: "a"}}, part("", 1000, 1000, h2), ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := footprint.CheckGreenClaims(tt.held, "s", []footprint.GreenClaim{tt.claim})
			if tt.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if got, want := footprint.ErrorField(err), tt.claim.Path+tt.field; footprint.ErrorCode(err) != footprint.ECONFLICT || got != want {
				t.Fatalf("%v at %q, want a conflict at %q", err, got, want)
			}
			if msg := footprint.ErrorMessage(err); !strings.Contains(msg, "GPT-7") || strings.Contains(msg, `"a"`) {
				t.Errorf("message %q: want the contract named and the holding study not", msg)
			}
		})
	}
}

func TestStudy_GreenClaims(t *testing.T) {
	// Ensure a study's claims come from its instruments with normalised
	// serials, its ID and where the study gives each, ready for
	// ClaimInstruments.
	s := pvStudy()
	s.ID = "study-1"
	s.Electricity[0].Instruments = []*footprint.GreenInstrument{
		{Kind: footprint.InstrumentGreenPowerTrading, Serial: " gpt-2025-01 ", MWh: 12, Period: year2025},
	}
	got := s.GreenClaims()
	want := []footprint.GreenClaim{{Serial: "GPT-2025-01", Kind: footprint.InstrumentGreenPowerTrading, Period: year2025, MWh: 12, StudyID: "study-1", Path: "electricity[0].instruments[0]"}}
	if !slices.Equal(got, want) {
		t.Errorf("claims = %+v, want %+v", got, want)
	}
}

// Ensure a batch of green certificates is named as a range that counts its
// MWh (one certificate per MWh), and that a 绿电 contract keeps one serial:
// a study whose range and MWh disagree, or which claims a certificate
// inside another of its own batches, is refused naming the field.
func TestCalculate_GreenCertificateRange(t *testing.T) {
	batch := func(kind footprint.InstrumentKind, first, last string, mwh float64) func(*footprint.Study) {
		return func(s *footprint.Study) {
			s.Electricity[0].Instruments = []*footprint.GreenInstrument{{Kind: kind, Serial: first, SerialLast: last, MWh: mwh, Period: year2025,
				Technology: "pv", Factor: "ELEC-CN-GEN-PV-CF-2024", TransmissionFactor: "ELEC-CN-TD-LOSS-CF-2024"}}
		}
	}
	gec, gpt := footprint.InstrumentGreenCertificate, footprint.InstrumentGreenPowerTrading
	const f0 = "electricity[0].instruments[0]"
	runIntegrityCases(t, []integrityCase{
		{name: "CountDiffersFromMWh", study: greenPVStudy, change: batch(gec, "GEC-R-2025-000001", "GEC-R-2025-000999", 1000),
			field: f0 + ".serial_last", message: "serials GEC-R-2025-000001 to GEC-R-2025-000999 are not 1000 certificates"},
		{name: "LastBeforeFirst", study: greenPVStudy, change: batch(gec, "GEC-R-2025-000010", "GEC-R-2025-000001", 10),
			field: f0 + ".serial_last", message: "are not 10 certificates"},
		{name: "OtherPrefix", study: greenPVStudy, change: batch(gec, "GEC-R-2025-000001", "GEC-S-2025-000010", 10),
			field: f0 + ".serial_last", message: "must be serial GEC-R-2025-000001 with another number of as many digits"},
		{name: "OtherWidth", study: greenPVStudy, change: batch(gec, "GEC-R-2025-000001", "GEC-R-2025-0010", 10),
			field: f0 + ".serial_last", message: "as many digits"},
		{name: "NoNumber", study: greenPVStudy, change: batch(gec, "GEC-R-2025-A", "GEC-R-2025-B", 2),
			field: f0 + ".serial_last", message: "as many digits"},
		{name: "FractionOfACertificate", study: greenPVStudy, change: batch(gec, "GEC-R-2025-000001", "", 1.5),
			field: f0 + ".mwh", message: "mwh 1.5 is not a whole number: a green certificate is one MWh"},
		{name: "SerialLastOnAContract", study: greenPVStudy, change: batch(gpt, "GPT-R-2025-000001", "GPT-R-2025-000010", 10),
			field: f0 + ".serial_last", message: "a green-power-trading contract has one serial"},
		{name: "CertificateInsideOwnBatch", study: greenPVStudy, change: func(s *footprint.Study) {
			batch(gec, "GEC-R-2025-000001", "GEC-R-2025-000010", 10)(s)
			in := *s.Electricity[0].Instruments[0]
			in.Serial, in.SerialLast, in.MWh = "GEC-R-2025-000005", "", 1
			s.Electricity[0].Instruments = append(s.Electricity[0].Instruments, &in)
		}, field: "electricity[0].instruments[1].serial", message: "instrument GEC-R-2025-000005 is claimed twice in this study (first at electricity[0].instruments[0])"},
	})

	// A range that counts its MWh is accepted and shown in the result.
	s := greenPVStudy()
	batch(gec, "gec-r-2025-000001", "GEC-R-2025-000010 ", 10)(s)
	r := MustCalculate(t, s, MustLoadFactors(t), nil)
	if in := r.Electricity.Instruments[0]; in.Serial != "GEC-R-2025-000001" || in.SerialLast != "GEC-R-2025-000010" {
		t.Errorf("instrument in the result: %s to %s", in.Serial, in.SerialLast)
	}
}

// Ensure the register reads a claim as the certificates it stands for: a
// certificate inside a held batch, or a batch overlapping it, conflicts; a
// batch written without serial_last (a claim stored before ranges) stands
// for its MWh certificates from its serial on; a 绿电 contract is one serial.
func TestGreenClaim_Ranges(t *testing.T) {
	gec, gpt := footprint.InstrumentGreenCertificate, footprint.InstrumentGreenPowerTrading
	held := footprint.GreenClaim{Serial: "GEC-DEMO-2025-000001", SerialLast: "GEC-DEMO-2025-001000", Kind: gec, Period: year2025, MWh: 1000, StudyID: "a"}
	legacy := footprint.GreenClaim{Serial: "GEC-DEMO-2025-000001", Kind: gec, Period: year2025, MWh: 1000, StudyID: "a"}
	for _, tt := range []struct {
		name     string
		c        footprint.GreenClaim
		conflict bool
	}{
		{"Inside", footprint.GreenClaim{Serial: "GEC-DEMO-2025-000500", Kind: gec, MWh: 1}, true},
		{"Last", footprint.GreenClaim{Serial: "GEC-DEMO-2025-1000", Kind: gec, MWh: 1}, true},
		{"OverlapsTheEnd", footprint.GreenClaim{Serial: "GEC-DEMO-2025-000900", SerialLast: "GEC-DEMO-2025-001899", Kind: gec, MWh: 1000}, true},
		{"ContractInside", footprint.GreenClaim{Serial: "GEC-DEMO-2025-000002", Kind: gpt, Period: year2025, MWh: 5}, true},
		{"After", footprint.GreenClaim{Serial: "GEC-DEMO-2025-001001", SerialLast: "GEC-DEMO-2025-002000", Kind: gec, MWh: 1000}, false},
		{"OtherPrefix", footprint.GreenClaim{Serial: "GEC-DEMO-2026-000500", Kind: gec, MWh: 1}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, h := range []footprint.GreenClaim{held, legacy} {
				err := footprint.CheckGreenClaims([]footprint.GreenClaim{h}, "b", []footprint.GreenClaim{tt.c})
				if got := footprint.ErrorCode(err) == footprint.ECONFLICT; got != tt.conflict {
					t.Errorf("%s beside %s (serial_last %q): %v", tt.c.Name(), h.Serial, h.SerialLast, err)
				}
			}
		})
	}
}

// Ensure a green certificate claimed by one study cannot be claimed again
// by another study (another organisation's, say) under a serial a person
// reads as the same: the same serial with a trailing dot or hash, or a
// doubled hyphen. The serial rule refuses full-width and invisible
// characters, but these spellings pass it, and the double-claim register
// compared them as other serials: the running service stored a study of
// Other Module Co. claiming "GEC-DEMO-2025-000001." while Demo Module
// Co.'s certificate already claimed GEC-DEMO-2025-000001.
func TestRedteam_SerialPunctuationVariants(t *testing.T) {
	y := footprint.Period{Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)}
	held := []footprint.GreenClaim{{Serial: "GEC-DEMO-2025-000001", Kind: footprint.InstrumentGreenCertificate, Period: y, MWh: 1000, StudyID: "study-a"}}
	for _, serial := range []string{"GEC-DEMO-2025-000001.", "GEC-DEMO-2025-000001#", "GEC-DEMO-2025-000001:", "GEC--DEMO-2025-000001", ".GEC-DEMO-2025-000001"} {
		claim := footprint.GreenClaim{Serial: footprint.NormalizeSerial(serial), Kind: footprint.InstrumentGreenCertificate, Period: y, MWh: 1000}
		if err := footprint.CheckGreenClaims(held, "study-b", []footprint.GreenClaim{claim}); footprint.ErrorCode(err) != footprint.ECONFLICT {
			t.Errorf("serial %q: not a conflict with GEC-DEMO-2025-000001: %v", serial, err)
		}
	}
}

// Ensure the double-claim register reads a green certificate's number as
// a person reads it. SerialKey folds punctuation, but a number written
// with one more leading zero, or with the letter O for a zero or I for a
// one, was another instrument to it: a second company claimed a 绿证
// another company's certificate already holds, and the register let it.
func TestRedteam2_SerialNumberLookAlikes(t *testing.T) {
	held := footprint.GreenClaim{Serial: "GEC-2025-000001", Kind: footprint.InstrumentGreenCertificate, StudyID: "a"}
	for name, serial := range map[string]string{
		"leading-zero": "GEC-2025-0000001",
		"no-padding":   "GEC-2025-1",
		"letter-O":     "GEC-2025-OOOOO1",
		"letter-I":     "GEC-2025-00000I",
		"lower-l":      "gec-2025-00000l",
	} {
		t.Run(name, func(t *testing.T) {
			c := footprint.GreenClaim{Serial: footprint.NormalizeSerial(serial), Kind: footprint.InstrumentGreenCertificate, StudyID: "b"}
			if !c.Conflicts(held) {
				t.Fatalf("%s claimed beside %s (keys %q and %q)", serial, held.Serial, footprint.SerialKey(serial), footprint.SerialKey(held.Serial))
			}
		})
	}
	// Other numbers stay other instruments.
	for _, serial := range []string{"GEC-2025-000010", "GEC-2025-100001", "GEC-2026-000001", "GEC-0-2025-000001"} {
		c := footprint.GreenClaim{Serial: serial, Kind: footprint.InstrumentGreenCertificate, StudyID: "b"}
		if c.Conflicts(held) {
			t.Errorf("%s conflicts with %s", serial, held.Serial)
		}
	}
	// Runs of look-alike letters only, and look-alikes inside a run that
	// also holds letters (review of the first fix).
	for a, b := range map[string]string{"GEC-2025-IOO": "GEC-2025-100", "GEC2O25-000001": "GEC2025-1", "GEC-AOOOO1": "GEC-A00001"} {
		if footprint.SerialKey(a) != footprint.SerialKey(b) {
			t.Errorf("%s and %s are two serials (keys %q, %q)", a, b, footprint.SerialKey(a), footprint.SerialKey(b))
		}
	}
	if footprint.SerialKey("GEC-0-01") == footprint.SerialKey("GEC-001") {
		t.Errorf("GEC-0-01 and GEC-001 are one serial")
	}
}

// Ensure a study claims no more green-power instruments than a certificate
// prints (certification.MaxCertificateInstruments, 50), refused naming the
// instrument: the check that no instrument is claimed twice in a study
// compares each with every one before it (a batch is a range), so an 8 MB
// study of tens of thousands of instruments took minutes of CPU (4,000:
// 7.8 s), and a study of more than 50 could be stored but never issued.
func TestReview_AtMostFiftyInstruments(t *testing.T) {
	s := seedtest.Study(t, "pv-module")
	i := slices.IndexFunc(s.Electricity, func(l *footprint.ElectricityLine) bool { return len(l.Instruments) > 0 })
	if i < 0 {
		t.Fatal("the demo module claims no instrument")
	}
	e := s.Electricity[i]
	first := *e.Instruments[0]
	e.Instruments = nil
	for n := range footprint.MaxInstruments + 1 {
		in := first
		in.Serial, in.SerialLast, in.MWh = fmt.Sprintf("GEC-REVIEW-%06d", n+1), "", 1
		e.Instruments = append(e.Instruments, &in)
	}
	res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
	checkRefused(t, fmt.Sprintf("%d instruments", len(e.Instruments)), res, err, fmt.Sprintf("electricity[%d].instruments[%d]", i, footprint.MaxInstruments), "")
	e.Instruments = e.Instruments[:footprint.MaxInstruments]
	if _, err := footprint.Calculate(s, seedtest.Factors(t), nil); err != nil {
		t.Fatalf("%d instruments: %v", len(e.Instruments), err)
	}
}

// Ensure an instrument that names no technology is warned. The generation
// factor of an instrument is checked against its technology, but only when
// it names one: the demo module's PV green certificates without their
// technology took the hydro generation factor (14.1 against 52 gCO2e/kWh)
// with no error and no warning. Technology stays optional (a study names
// what the instrument states), and the certifier is told to check it.
func TestRedteam5_InstrumentWithoutTechnology(t *testing.T) {
	for _, tt := range []struct {
		tech, factor string
		warn         bool
	}{{"pv", "ELEC-CN-GEN-PV-CF-2024", false}, {"", "ELEC-CN-GEN-HYDRO-CF-2024", true}} {
		s := seedtest.Study(t, "pv-module")
		in := s.Electricity[0].Instruments[0]
		in.Technology, in.Factor = tt.tech, tt.factor
		res := MustCalculate(t, s, seedtest.Factors(t), nil)
		got := hasWarning(res, "electricity[0].instruments[0].technology")
		if got != tt.warn {
			t.Errorf("technology %q, factor %s: warned %v, want %v: %+v", tt.tech, tt.factor, got, tt.warn, res.Warnings)
		}
	}
}

// Red team 15: the manufacturer's green certificates covered its
// customers' use. The demo laptop with product.use at 14 kWh a year and
// the other 109.86 kWh of its four years as an electricity line in the use
// stage, covered by 绿证 spread over 100,000 laptops, was certified at
// 124.9 kgCO2e where the laptop is 179.0 (−30 %), printed as "green power
// (instruments cover all electricity)". The use stage's electricity is
// product.use's: an electricity line there is refused, instruments or not;
// the same line in production passes.
func TestRedteam15_UseStageElectricityLine(t *testing.T) {
	for _, tt := range []struct {
		stage       string
		instruments bool
		refuse      bool
	}{{"use", true, true}, {"use", false, true}, {"production", true, false},
		// review of session 28: the same kWh moved to end of life or distribution, covered by the same instruments
		{"end-of-life", true, true}, {"distribution", true, true}} {
		s := countedStudy(t, "laptop")
		s.Product.Use.AnnualKWh, s.ReferenceOutput = 13.999, 100000
		l := &footprint.ElectricityLine{Quantity: 109.86, Unit: unit("kWh"), Stage: tt.stage, Factor: "ELEC-CN-NAT-CF-2024"}
		if tt.instruments {
			l.Instruments = []*footprint.GreenInstrument{{Kind: footprint.InstrumentGreenCertificate, Serial: "GEC-USE-2025-000001", SerialLast: "GEC-USE-2025-010986", MWh: 10986, Period: year2025, Technology: "pv", Factor: "ELEC-CN-GEN-PV-CF-2024", TransmissionFactor: "ELEC-CN-TD-LOSS-CF-2024"}}
		}
		s.Electricity = []*footprint.ElectricityLine{l}
		res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
		if tt.refuse {
			checkRefused(t, "an electricity line in stage "+tt.stage, res, err, "electricity[0].stage", "stage "+tt.stage+" is the product's ")
		} else if err != nil {
			t.Errorf("the line in %s: %v", tt.stage, err)
		}
	}
}

// Ensure the use stage of a product is not placed, unseen, in the province
// with the cleanest grid. Every place is the study's word (docs/integrity.md
// §1), but the use stage happens where the product is sold, on its
// country's grid, so its country is a country (ISO 3166-1): the demo
// laptop "used in Qinghai" at CPCD's Qinghai life-cycle grid factor
// (CPCD-17100H1812020A, 0.1312 kgCO2e/kWh, published, unflagged) goes from
// 185.4 to 111.4 kgCO2e (-40 %) with no warning.
func TestRedteam9_UseStageInAProvince(t *testing.T) {
	const code = "CPCD-17100H1812020A"
	factors := seedtest.Factors(t)
	for _, f := range seedtest.CPCD(t).Factors {
		if f.Code == code {
			c := *f
			c.Set = factors["ELEC-CN-NAT-CF-2024"].Set // as a study pinned to the CPCD set reads it
			factors[code] = &c
		}
	}
	s := countedStudy(t, "laptop")
	s.Product.Use.Country, s.Product.Use.Factor = "CN-QH", code
	res, err := footprint.Calculate(s, factors, nil)
	if err == nil {
		t.Fatalf("laptop used in Qinghai: %.1f kgCO2e, no error: %+v", res.KgCO2e, res.Warnings)
	}
	checkInvalid(t, err, "product.use.country", `not "CN-QH": a product sold in a country is used on that country's grid`)
}

// Ensure a batch of green certificates is held as a batch whatever its
// serial ends in. A green certificate is one MWh with a numbered serial;
// a claim of 1000 MWh whose serial ends in a letter (the demo batch's
// first serial with an X after it) is held by the register as that one
// serial, so it was stored beside the demo study's batch
// GEC-DEMO-2025-000001 to -001000, which holds the same certificates. A
// batch is a range of numbered serials.
func TestRedteam9_BatchSerialEndingInALetter(t *testing.T) {
	demo := seedtest.Study(t, "pv-module")
	demo.ID = "demo"
	s := seedtest.Study(t, "pv-module")
	s.ID = "other"
	in := s.Electricity[0].Instruments[0]
	in.Serial, in.SerialLast = "GEC-DEMO-2025-000001X", ""
	res, err := footprint.Calculate(s, seedtest.Factors(t), nil)
	if err == nil {
		t.Fatalf("1000 MWh claimed as %s: %.1f kgCO2e, no error (beside the demo batch: %v)", in.Serial, res.KgCO2e, footprint.CheckGreenClaims(demo.GreenClaims(), s.ID, s.GreenClaims()))
	}
	checkInvalid(t, err, "electricity[0].instruments[0].serial", `serial "GEC-DEMO-2025-000001X" does not end in a number and has no serial_last: a batch of 1000 certificates is a range of serials ending in numbers`)
	// One certificate is one serial, whatever it ends in.
	in.MWh = 1
	if _, err := footprint.Calculate(s, seedtest.Factors(t), nil); err != nil {
		t.Fatalf("one certificate %s: %v", in.Serial, err)
	}
}

// Ensure a batch whose last serial the register reads under another prefix
// than its first (numbers written across a year the key reads in them:
// GEC-2025999999 to GEC-2026000000) still holds its MWh certificates from
// its first serial on, rather than a range that ends before it starts and
// holds nothing.
func TestGreenClaim_RangeAcrossAYear(t *testing.T) {
	c := footprint.GreenClaim{Serial: "GEC-2025999999", SerialLast: "GEC-2026000000", Kind: footprint.InstrumentGreenCertificate, MWh: 2}
	prefix, first, last := c.Range()
	if want, _, _ := (footprint.GreenClaim{Serial: "GEC-2025-999999"}).Range(); prefix != want || first != "999999" || last != "1000000" {
		t.Errorf("Range() = %q, %q, %q; want %q, 999999, 1000000", prefix, first, last, want)
	}
	if !c.Overlaps(footprint.GreenClaim{Serial: "GEC-2025-1000000", Kind: footprint.InstrumentGreenCertificate, MWh: 1}) {
		t.Error("the batch does not hold its second certificate")
	}
}
