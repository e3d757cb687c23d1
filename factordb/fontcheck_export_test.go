package factordb

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
)

// CountCheckStudyFonts counts, until the test ends, the runs of the font
// check (CertificationService.CheckStudy, through checkStudyFonts) on
// study studyID, in read transactions and in write transactions.
func CountCheckStudyFonts(tb testing.TB, studyID string) (read, write *atomic.Int64) {
	was := checkStudyFonts
	tb.Cleanup(func() { checkStudyFonts = was })
	read, write = new(atomic.Int64), new(atomic.Int64)
	checkStudyFonts = func(ctx context.Context, tx *bolt.Tx, check func(context.Context, *footprint.Study) error, st *footprint.Study) error {
		if st.ID == studyID {
			if tx.Writable() {
				write.Add(1)
			} else {
				read.Add(1)
			}
		}
		return was(ctx, tx, check, st)
	}
	return read, write
}

// CheckStudyFontsAcross finds check's answer on study studyID in a read
// transaction, as an application does before its write transaction
// (studyChecked), calls between, and returns the answer a write
// transaction then gives on the study it reads (printVerdict.fonts), as
// CreateApplication does.
func CheckStudyFontsAcross(db *DB, studyID string, check func(context.Context, *footprint.Study) error, between func() error) (fonts, err error) {
	s := NewCertificationService(db)
	v, err := s.studyChecked(context.Background(), studyID, "", check)
	if err != nil {
		return nil, err
	}
	if v == nil || !v.fontsChecked {
		return nil, fmt.Errorf("no font verdict on study %s", studyID)
	}
	if err := between(); err != nil {
		return nil, err
	}
	err = inWriteTx(db, studyID, func(tx *bolt.Tx, st *footprint.Study) { fonts = v.fonts(context.Background(), tx, st, check) })
	return fonts, err
}
