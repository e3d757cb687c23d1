package api_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/api"
	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/factordb/factordbtest"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Ensure GET /v1/admin/backup, open to every admin key (one curator's
// too), hands out no private signing key: with the seed, anyone could sign
// figures of their own under a genuine certificate's key. The copy still
// verifies the certificates issued before, and the download is in the audit
// trail with the key that made it (red team). Nor does it hand out a
// manufacturer's client secret for its supplier's PACT host, which that
// admin may not even list (red team: "S3CRET-supplier-ag-7f3a9c" of Demo
// Module Co. read with another organisation's admin key).
func TestBackup_NoSigningSeedAudited(t *testing.T) {
	ctx := context.Background()
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	k, err := st.keys.ActiveSigningKey(ctx)
	if err != nil {
		t.Fatal(err)
	}
	const secret = "S3CRET-supplier-ag-7f3a9c"
	st.srv.PACT.Suppliers = []api.PACTHost{{URL: "https://supplier-ag.test"}}
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/pact/endpoints", as: asMaker, contentType: "application/json",
		body: []byte(`{"name":"supplier-ag","url":"https://supplier-ag.test","client_id":"demo-module","client_secret":"` + secret + `"}`)}), 201)
	if rec := st.do(t, request{method: "GET", target: "/v1/pact/endpoints", as: asCurator2}); rec.Code != 403 {
		t.Fatalf("GET /v1/pact/endpoints as another organisation's admin: %d", rec.Code)
	}
	rec := st.do(t, request{method: "GET", target: "/v1/admin/backup", as: asCurator2})
	if rec.Code != 200 || rec.Header().Get("Content-Length") != strconv.Itoa(rec.Body.Len()) {
		t.Fatalf("backup: %d, Content-Length %q for %d bytes", rec.Code, rec.Header().Get("Content-Length"), rec.Body.Len())
	}
	body := rec.Body.Bytes()
	if factordbtest.HoldsSeed(body, k) {
		t.Fatalf("the backup holds the seed of the active signing key %s", k.ID)
	}
	if bytes.Contains(body, []byte(secret)) {
		t.Fatalf("the backup holds %s's PACT client secret %q", orgMaker, secret)
	}
	restored := factordbtest.OpenCopy(t, body)
	maker := access.NewContextWithPrincipal(ctx, &access.Principal{Org: orgMaker, Role: access.RoleManufacturer})
	if e, err := factordb.NewCertificationService(restored).FindEndpoint(maker, "supplier-ag"); err != nil || e.URL != "https://supplier-ag.test" || e.ClientSecret != "" {
		t.Fatalf("PACT endpoint of the copy %+v %v", e, err)
	}
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
