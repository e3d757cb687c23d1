package api_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/factordb/factordbtest"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Ensure GET /v1/admin/backup, open to every admin key (one curator's
// too), hands out no private signing key: with the seed, anyone could sign
// figures of their own under a genuine certificate's key. The copy still
// verifies the certificates issued before, and the download is in the audit
// trail with the key that made it (red team).
func TestBackup_NoSigningSeedAudited(t *testing.T) {
	ctx := context.Background()
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	k, err := st.keys.ActiveSigningKey(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rec := st.do(t, request{method: "GET", target: "/v1/admin/backup", as: asCurator2})
	if rec.Code != 200 || rec.Header().Get("Content-Length") != strconv.Itoa(rec.Body.Len()) {
		t.Fatalf("backup: %d, Content-Length %q for %d bytes", rec.Code, rec.Header().Get("Content-Length"), rec.Body.Len())
	}
	body := rec.Body.Bytes()
	if factordbtest.HoldsSeed(body, k) {
		t.Fatalf("the backup holds the seed of the active signing key %s", k.ID)
	}
	restored := factordbtest.OpenCopy(t, body)
	pubs, err := factordb.NewKeyService(restored).PublicKeys(ctx)
	if err != nil || len(pubs) != 1 || pubs[0].ID != k.ID {
		t.Fatalf("public keys of the copy %+v %v", pubs, err)
	}
	cert, err := factordb.NewCertificationService(restored).FindCertificateByID(ctx, uuid.MustParse(fx.cert))
	if err != nil {
		t.Fatal(err)
	}
	if err := certification.VerifyCertificate(cert.Signed, pubs); err != nil {
		t.Fatalf("certificate %s in the copy: %v", fx.number, err)
	}

	events := MustData[[]access.AuditEvent](t, st.do(t, request{method: "GET", target: "/v1/audit?action=" + factordb.AuditDatabaseBackup, as: asReg}), 200)
	sum := sha256.Sum256(body)
	if len(events) != 1 || events[0].Actor != orgAdmin || events[0].Role != access.RoleAdmin || events[0].KeyID == "" ||
		!strings.Contains(events[0].Detail, hex.EncodeToString(sum[:])) {
		t.Fatalf("backup audit events %+v", events)
	}
}
