package factordb

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
)

func TestStudyService_FindStudyByID_StoredBytes(t *testing.T) {
	// Ensure a study is read with its documents byte for byte, never
	// encoded again: a study document in another layout (indented, as
	// older versions stored them) is served as stored, and the result is
	// served and hashed as stored.
	db := mustOpenAt(t, filepath.Join(t.TempDir(), "db"))
	defer db.Close()
	id := uuid.New()
	doc := []byte("{\n  \"format\": \"pcf-study/1\",\n  \"id\": \"" + id.String() + "\",\n  \"owner\": \"o\",\n  \"rule\": \"pv-module\"\n}\n")
	result := []byte(`{"format":"pcf-result/1","kgco2e":1.50}`)
	rec := &studyRecord{V: recordV1, ID: id.String(), Owner: "o", CreatedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Rule: "pv-module"}
	if err := db.db.Update(func(tx *bolt.Tx) error { return putStudy(tx, id, rec, doc, result) }); err != nil {
		t.Fatal(err)
	}

	st, err := NewStudyService(db, nil, nil).FindStudyByID(context.Background(), id.String())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(st.Document, doc) {
		t.Fatalf("Document=%s, want the stored bytes %s", st.Document, doc)
	}
	got, err := st.Result.CanonicalJSON()
	if err != nil || !bytes.Equal(got, result) {
		t.Fatalf("CanonicalJSON=%s (%v), want the stored bytes %s", got, err, result)
	}
	if st.Rule != "pv-module" || st.Result.KgCO2e != 1.5 {
		t.Fatalf("Rule=%q KgCO2e=%v, want the decoded values", st.Rule, st.Result.KgCO2e)
	}
	// A summary stored without what a list shows (as this one) is listed
	// from its documents: the figure and digest of the result as stored.
	rows, _, err := NewStudyService(db, nil, nil).FindStudyRows(context.Background(), footprint.StudyFilter{})
	sum := sha256.Sum256(result)
	if err != nil || len(rows) != 1 || rows[0].Study.ID != id.String() || rows[0].Study.Rule != "pv-module" || rows[0].Study.Document != nil ||
		rows[0].KgCO2e == nil || *rows[0].KgCO2e != 1.5 || rows[0].ResultDigest != hex.EncodeToString(sum[:]) {
		t.Fatalf("FindStudyRows = %+v (%v), want the study as listed, its figure and digest read from its documents", rows, err)
	}
}

// BenchmarkHeldClaims looks up a certificate at the end of a series of n
// single green certificates of one prefix (after one batch of 100 at its
// start): what storing, applying for and issuing a study pay per claim.
func BenchmarkHeldClaims(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprintf("claims=%d", n), func(b *testing.B) {
			db := mustOpenAt(b, filepath.Join(b.TempDir(), "db"))
			defer db.Close()
			y := footprint.Period{Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)}
			claim := func(first, last string, mwh float64) footprint.GreenClaim {
				return footprint.GreenClaim{Serial: first, SerialLast: last, Kind: footprint.InstrumentGreenCertificate, Period: y, MWh: mwh}
			}
			err := db.db.Update(func(tx *bolt.Tx) error {
				if err := putClaims(tx, "batch", []footprint.GreenClaim{claim("GEC-B-000000001", "GEC-B-000000100", 100)}, nil); err != nil {
					return err
				}
				for i := range n {
					if err := putClaims(tx, fmt.Sprint("s", i), []footprint.GreenClaim{claim(fmt.Sprintf("GEC-B-%09d", 1000+i), "", 1)}, nil); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
			c := claim(fmt.Sprintf("GEC-B-%09d", 1000+n-1), "", 1)
			b.ResetTimer()
			for b.Loop() {
				err := db.db.View(func(tx *bolt.Tx) error {
					held, err := heldClaims(tx, c)
					if err == nil && len(held) != 1 {
						err = fmt.Errorf("%d held", len(held))
					}
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
