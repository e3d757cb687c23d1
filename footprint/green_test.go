package footprint_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
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
