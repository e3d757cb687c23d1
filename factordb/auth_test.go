package factordb_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/factordb/factordbtest"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	bolt "go.etcd.io/bbolt"
)

func TestAuthService_Organizations(t *testing.T) {
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		// Ensure an organisation is stored with its profile and read back,
		// and the list is by name.
		auth := factordb.NewAuthService(MustOpenDB(t))
		org := &access.Organization{Name: "Demo Certification Centre", Role: access.RoleCertifier, NameZH: "示例认证中心", Address: "Chengdu", ApprovalNumber: "CNCA-R-2026-999",
			Signatories: []string{"Wang Li", "张三"}}
		if err := auth.CreateOrganization(ctx, org); err != nil {
			t.Fatal(err)
		}
		if org.CreatedAt.IsZero() {
			t.Fatal("CreatedAt not set")
		}
		got, err := auth.FindOrganizationByName(ctx, org.Name)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, org) {
			t.Fatalf("read back %+v, want %+v", got, org)
		}
		for _, name := range []string{"Zeta Ltd.", "Alpha Ltd."} {
			if err := auth.CreateOrganization(ctx, &access.Organization{Name: name, Role: access.RoleManufacturer}); err != nil {
				t.Fatal(err)
			}
		}
		orgs, err := auth.FindOrganizations(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, o := range orgs {
			names = append(names, o.Name)
		}
		if got, want := strings.Join(names, "|"), "Alpha Ltd.|Demo Certification Centre|Zeta Ltd."; got != want {
			t.Fatalf("organisations %s, want %s", got, want)
		}
	})

	t.Run("Errors", func(t *testing.T) {
		// Ensure a malformed organisation is EINVALID, a taken name
		// ECONFLICT (the first unchanged), an unknown one ENOTFOUND.
		auth := factordb.NewAuthService(MustOpenDB(t))
		assertCode(t, auth.CreateOrganization(ctx, &access.Organization{Name: "X", Role: "owner"}), footprint.EINVALID)
		assertCode(t, auth.CreateOrganization(ctx, &access.Organization{Name: " X", Role: access.RoleAdmin}), footprint.EINVALID)
		assertCode(t, auth.CreateOrganization(ctx, nil), footprint.EINVALID)
		if err := auth.CreateOrganization(ctx, &access.Organization{Name: "X", Role: access.RoleAdmin}); err != nil {
			t.Fatal(err)
		}
		assertCode(t, auth.CreateOrganization(ctx, &access.Organization{Name: "X", Role: access.RoleRegulator}), footprint.ECONFLICT)
		got, err := auth.FindOrganizationByName(ctx, "X")
		if err != nil {
			t.Fatal(err)
		}
		if got.Role != access.RoleAdmin {
			t.Fatalf("role %s after a refused duplicate", got.Role)
		}
		_, err = auth.FindOrganizationByName(ctx, "Y")
		assertCode(t, err, footprint.ENOTFOUND)
	})
}

// MustCreateKey registers an organisation (if new) and makes a key for it.
// mustOpenAuth opens a test database (MustOpenDB) and its AuthService.
func mustOpenAuth(tb testing.TB) (*factordb.DB, *factordb.AuthService) {
	tb.Helper()
	db := MustOpenDB(tb)
	return db, factordb.NewAuthService(db)
}

// mustAccessToken issues an access token for the API key keyID with its
// token, valid for life, and returns it with its expiry.
func mustAccessToken(tb testing.TB, auth *factordb.AuthService, keyID, token string, life time.Duration) (string, time.Time) {
	tb.Helper()
	at, expires, err := auth.IssueAccessToken(context.Background(), keyID, token, life)
	if err != nil {
		tb.Fatal(err)
	}
	return at, expires
}

// restoreNow puts db's clock back as it is now when the test ends, so that
// the test may set it.
func restoreNow(tb testing.TB, db *factordb.DB) {
	clock := db.Now
	tb.Cleanup(func() { db.Now = clock })
}

func MustCreateKey(tb testing.TB, auth *factordb.AuthService, org string, role access.Role) (string, *access.APIKey) {
	tb.Helper()
	ctx := context.Background()
	if _, err := auth.FindOrganizationByName(ctx, org); footprint.ErrorCode(err) == footprint.ENOTFOUND {
		if err := auth.CreateOrganization(ctx, &access.Organization{Name: org, Role: role}); err != nil {
			tb.Fatal(err)
		}
	}
	token, key, err := auth.CreateAPIKey(ctx, org)
	if err != nil {
		tb.Fatal(err)
	}
	return token, key
}

func TestAuthService_APIKey(t *testing.T) {
	ctx := context.Background()
	_, auth := mustOpenAuth(t)
	token, key := MustCreateKey(t, auth, "Demo Module Co.", access.RoleManufacturer)
	other, otherKey := MustCreateKey(t, auth, "Demo Module Co.", access.RoleManufacturer)

	t.Run("Token", func(t *testing.T) {
		// Ensure the token has the documented shape and names the key.
		if key.Org != "Demo Module Co." || key.Role != access.RoleManufacturer || key.CreatedAt.IsZero() || !key.RevokedAt.IsZero() {
			t.Fatalf("key %+v", key)
		}
		if !strings.HasPrefix(token, "pcf_"+key.ID+"_") || len(token) != len("pcf_")+16+1+43 {
			t.Fatalf("token %q for key %s", token, key.ID)
		}
		if key.ID == otherKey.ID || token == other {
			t.Fatal("two keys share an ID or token")
		}
	})

	t.Run("Authenticate", func(t *testing.T) {
		// Ensure a token authenticates as its organisation and key.
		p, err := auth.Authenticate(ctx, token)
		if err != nil {
			t.Fatal(err)
		}
		if *p != (access.Principal{Org: "Demo Module Co.", Role: access.RoleManufacturer, KeyID: key.ID}) {
			t.Fatalf("principal %+v", p)
		}
	})

	t.Run("ErrUnauthorized", func(t *testing.T) {
		// Ensure a wrong secret, an unknown key, a token of another key's
		// secret, and malformed tokens are all EUNAUTHORIZED, with one
		// message.
		secret := strings.TrimPrefix(token, "pcf_"+key.ID+"_")
		otherSecret := strings.TrimPrefix(other, "pcf_"+otherKey.ID+"_")
		flipped := []byte(token)
		flipped[len(flipped)-1] ^= 1
		var msg string
		for _, bad := range []string{
			string(flipped),
			"pcf_" + key.ID + "_" + otherSecret,
			"pcf_0000000000000000_" + secret,
			token + "x",
			token[:len(token)-1],
			"pcf_" + key.ID + "_",
			"pcf_" + key.ID,
			"pcfat_" + secret,
			"Bearer " + token,
			secret,
			"",
		} {
			_, err := auth.Authenticate(ctx, bad)
			assertCode(t, err, footprint.EUNAUTHORIZED)
			if msg == "" {
				msg = footprint.ErrorMessage(err)
			} else if got := footprint.ErrorMessage(err); got != msg {
				t.Fatalf("message %q differs from %q: it tells failures apart", got, msg)
			}
		}
	})

	t.Run("Revoke", func(t *testing.T) {
		// Ensure a revoked key no longer authenticates, the other key
		// still does, and revoking is idempotent.
		if err := auth.RevokeAPIKey(ctx, otherKey.ID); err != nil {
			t.Fatal(err)
		}
		_, err := auth.Authenticate(ctx, other)
		assertCode(t, err, footprint.EUNAUTHORIZED)
		if _, err := auth.Authenticate(ctx, token); err != nil {
			t.Fatal(err)
		}
		if err := auth.RevokeAPIKey(ctx, otherKey.ID); err != nil {
			t.Fatal(err)
		}
		assertCode(t, auth.RevokeAPIKey(ctx, "0000000000000000"), footprint.ENOTFOUND)
	})

	t.Run("ErrUnknownOrganization", func(t *testing.T) {
		// Ensure a key for an unknown organisation is ENOTFOUND.
		_, _, err := auth.CreateAPIKey(ctx, "Nobody")
		assertCode(t, err, footprint.ENOTFOUND)
	})
}

func TestAuthService_AccessToken(t *testing.T) {
	ctx := context.Background()
	db, auth := mustOpenAuth(t)
	token, key := MustCreateKey(t, auth, "Partner Co.", access.RoleRegulator)

	t.Run("OK", func(t *testing.T) {
		// Ensure client credentials give an access token that
		// authenticates as the key until it expires.
		now := db.Now()
		at, expires := mustAccessToken(t, auth, key.ID, token, time.Hour)
		if !strings.HasPrefix(at, "pcfat_") || at == token {
			t.Fatalf("access token %q", at)
		}
		if d := expires.Sub(now); d < time.Hour || d > time.Hour+time.Minute {
			t.Fatalf("expires in %v, want about 1h", d)
		}
		p, err := auth.Authenticate(ctx, at)
		if err != nil {
			t.Fatal(err)
		}
		if *p != (access.Principal{Org: "Partner Co.", Role: access.RoleRegulator, KeyID: key.ID}) {
			t.Fatalf("principal %+v", p)
		}
		tampered := []byte(at)
		tampered[len(tampered)-2] ^= 1
		_, err = auth.Authenticate(ctx, string(tampered))
		assertCode(t, err, footprint.EUNAUTHORIZED)
	})

	t.Run("Expired", func(t *testing.T) {
		// Ensure an access token is refused from its expiry on.
		at, expires := mustAccessToken(t, auth, key.ID, token, time.Minute)
		restoreNow(t, db)
		db.Now = func() time.Time { return expires.Add(-time.Second) }
		if _, err := auth.Authenticate(ctx, at); err != nil {
			t.Fatalf("before expiry: %v", err)
		}
		db.Now = func() time.Time { return expires }
		_, err := auth.Authenticate(ctx, at)
		assertCode(t, err, footprint.EUNAUTHORIZED)
		// The API key itself does not expire.
		if _, err := auth.Authenticate(ctx, token); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("ExpiredSaysSo", func(t *testing.T) {
		// Ensure an expired access token is ErrTokenExpired (PACT
		// TokenExpired) for a day after its expiry, even after another
		// token was issued, and then an unknown token like any other.
		at, expires := mustAccessToken(t, auth, key.ID, token, time.Minute)
		restoreNow(t, db)
		db.Now = func() time.Time { return expires.Add(time.Hour) }
		if _, _, err := auth.IssueAccessToken(ctx, key.ID, token, time.Minute); err != nil {
			t.Fatal(err)
		}
		if _, err := auth.Authenticate(ctx, at); !errors.Is(err, access.ErrTokenExpired) {
			t.Fatalf("expired an hour ago: err %v, want ErrTokenExpired", err)
		}
		db.Now = func() time.Time { return expires.Add(factordb.ExpiredTokenRetention + time.Second) }
		if _, _, err := auth.IssueAccessToken(ctx, key.ID, token, time.Minute); err != nil {
			t.Fatal(err)
		}
		_, err := auth.Authenticate(ctx, at)
		if errors.Is(err, access.ErrTokenExpired) {
			t.Fatal("a token purged after the retention still says expired")
		}
		assertCode(t, err, footprint.EUNAUTHORIZED)
	})

	t.Run("ErrBadCredentials", func(t *testing.T) {
		// Ensure wrong client credentials are EUNAUTHORIZED and a
		// lifetime that is not positive EINVALID.
		token2, key2 := MustCreateKey(t, auth, "Partner Co.", access.RoleRegulator)
		for _, c := range [][2]string{
			{key2.ID, token}, // another key's token
			{key.ID, token2}, // another key's token
			{key.ID, key.ID}, // the ID as secret
			{key.ID, ""},     // no secret
			{"", token},      // no ID
			{key.ID, token + "x"},
		} {
			_, _, err := auth.IssueAccessToken(ctx, c[0], c[1], time.Hour)
			assertCode(t, err, footprint.EUNAUTHORIZED)
		}
		_, _, err := auth.IssueAccessToken(ctx, key.ID, token, 0)
		assertCode(t, err, footprint.EINVALID)
	})

	t.Run("Revoked", func(t *testing.T) {
		// Ensure revoking a key ends its access tokens and refuses new
		// ones.
		token3, key3 := MustCreateKey(t, auth, "Partner Co.", access.RoleRegulator)
		at, _, err := auth.IssueAccessToken(ctx, key3.ID, token3, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if err := auth.RevokeAPIKey(ctx, key3.ID); err != nil {
			t.Fatal(err)
		}
		_, err = auth.Authenticate(ctx, at)
		assertCode(t, err, footprint.EUNAUTHORIZED)
		_, _, err = auth.IssueAccessToken(ctx, key3.ID, token3, time.Hour)
		assertCode(t, err, footprint.EUNAUTHORIZED)
	})
}

func TestAuthService_SecretsNotStored(t *testing.T) {
	// Ensure neither an API token's secret nor an access token appears
	// anywhere in the database file, while the key ID (public) does.
	db, auth := mustOpenAuth(t)
	token, key := MustCreateKey(t, auth, "Demo Module Co.", access.RoleManufacturer)
	at, _ := mustAccessToken(t, auth, key.ID, token, time.Hour)
	secret := strings.TrimPrefix(token, "pcf_"+key.ID+"_")

	raw, err := os.ReadFile(db.Path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(raw, []byte(key.ID)) {
		t.Fatal("key ID not found in the file: the scan sees nothing")
	}
	for name, s := range map[string]string{"token": token, "secret": secret, "access token": at, "access secret": strings.TrimPrefix(at, "pcfat_")} {
		if bytes.Contains(raw, []byte(s)) {
			t.Fatalf("%s stored in clear", name)
		}
	}

	// The same holds for a hot backup.
	var buf bytes.Buffer
	if _, err := db.Backup(&buf); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(buf.Bytes(), []byte(secret)) || bytes.Contains(buf.Bytes(), []byte(at)) {
		t.Fatal("secret in the backup")
	}
}

// BenchmarkAuthService_Authenticate measures the per-request cost of
// authentication: one read transaction, the key record and a SHA-256.
func BenchmarkAuthService_Authenticate(b *testing.B) {
	db, auth := mustOpenAuth(b)
	token, key := MustCreateKey(b, auth, "Demo Module Co.", access.RoleManufacturer)
	at, _ := mustAccessToken(b, auth, key.ID, token, time.Hour)
	now := db.Now() // a still clock: the test clock would expire the token
	db.Now = func() time.Time { return now }
	benchAuthenticate(b, auth, token, at)
}

// BenchmarkAuthService_AuthenticateRestored is
// BenchmarkAuthService_Authenticate on a restored copy, where every
// request reads the restore (restoreMark): an API key confirmed after the
// restore, and an access token issued after it.
func BenchmarkAuthService_AuthenticateRestored(b *testing.B) {
	ctx := context.Background()
	_, s := mustStart(b)
	mustActiveKey(b, s.keys)
	token, key := s.mustCreateKey(b, orgMaker)
	db := factordbtest.OpenCopy(b, s.mustCopy(b, ctx, "key-bench").Bytes())
	now := fixedNow.Add(30 * 24 * time.Hour)
	db.Now = func() time.Time { return now } // a still clock: the access token stays good
	r := newServices(db)
	mustActiveKey(b, r.keys)
	if _, err := r.auth.ConfirmAPIKey(ctx, key.ID); err != nil {
		b.Fatal(err)
	}
	at, _ := mustAccessToken(b, r.auth, key.ID, token, time.Hour)
	benchAuthenticate(b, r.auth, token, at)
}

// benchAuthenticate measures auth.Authenticate of an API key's token and
// of an access token, each a sub-benchmark.
func benchAuthenticate(b *testing.B, auth *factordb.AuthService, token, at string) {
	ctx := context.Background()
	for _, bm := range []struct{ name, token string }{{"api-key", token}, {"access-token", at}} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := auth.Authenticate(ctx, bm.token); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// The access token indexes (by expiry, by key) hold exactly the stored
// tokens after issues, pruning and revocation; pruning keeps exactly the
// tokens a scan keeps (not expired for ExpiredTokenRetention); a database
// written before the indexes existed gets them at Open.
func TestAuthService_AccessTokenIndexes(t *testing.T) {
	ctx := context.Background()
	db, auth := mustOpenAuth(t)
	tok1, key1 := MustCreateKey(t, auth, "Partner Co.", access.RoleRegulator)
	tok2, key2 := MustCreateKey(t, auth, "Other Partner Co.", access.RoleRegulator)
	check := func() map[string]string {
		t.Helper()
		mustRun(t, db, factordb.CheckAccessTokenIndexes)
		stored, err := factordb.AccessTokenExpiries(db)
		if err != nil {
			t.Fatal(err)
		}
		return stored
	}
	start := db.Now()
	for i, ttl := range []time.Duration{time.Minute, time.Hour, 3 * time.Hour, 48 * time.Hour} {
		for _, c := range [][2]string{{key1.ID, tok1}, {key2.ID, tok2}} {
			if _, _, err := auth.IssueAccessToken(ctx, c[0], c[1], ttl+time.Duration(i)*time.Second); err != nil {
				t.Fatal(err)
			}
		}
	}
	if got := len(check()); got != 8 {
		t.Fatalf("%d tokens stored, want 8", got)
	}

	// Issuing a day and two hours later prunes the tokens expired for
	// more than ExpiredTokenRetention (the 1-minute and 1-hour ones) and
	// nothing else.
	restoreNow(t, db)
	later := start.Add(factordb.ExpiredTokenRetention + 2*time.Hour)
	db.Now = func() time.Time { return later }
	before := check()
	if _, _, err := auth.IssueAccessToken(ctx, key1.ID, tok1, time.Hour); err != nil {
		t.Fatal(err)
	}
	after := check()
	kept := 0
	for sum, v := range before {
		var id, exp string
		fmt.Sscan(v, &id, &exp)
		expires, err := time.Parse(time.RFC3339Nano, exp)
		if err != nil {
			t.Fatal(err)
		}
		_, ok := after[sum]
		if want := later.Before(expires.Add(factordb.ExpiredTokenRetention)); ok != want {
			t.Fatalf("token expiring %v: kept %v, want %v", expires, ok, want)
		}
		if ok {
			kept++
		}
	}
	if kept != 4 || len(after) != 5 {
		t.Fatalf("kept %d of the old tokens (want 4), %d stored (want 5)", kept, len(after))
	}

	// Revoking a key deletes its tokens and only those.
	if err := auth.RevokeAPIKey(ctx, key2.ID); err != nil {
		t.Fatal(err)
	}
	for sum, v := range check() {
		var id string
		fmt.Sscan(v, &id)
		if id != key1.ID {
			t.Fatalf("token %s of revoked key %s still stored", sum, id)
		}
		delete(after, sum)
	}
	if len(after) != 2 { // key2's 3-hour and 48-hour tokens
		t.Fatalf("revocation deleted %d tokens, want 2", len(after))
	}

	// An existing database without the indexes gets them at Open.
	mustRun(t, db, factordb.DropAccessTokenIndexes)
	if err := factordb.CheckAccessTokenIndexes(db); err == nil {
		t.Fatal("indexes not dropped")
	}
	mustRun(t, db, factordb.Init)
	check()
}

// BenchmarkIssueAccessToken issues an access token (client credentials)
// in a database holding n unexpired tokens written by the fast loader.
// Issue 14 item 3: the cost must not grow with n.
func BenchmarkIssueAccessToken(b *testing.B) {
	for _, n := range scaleSizes() {
		b.Run(fmt.Sprintf("tokens=%d", n), func(b *testing.B) {
			ctx := context.Background()
			db, auth := mustOpenAuth(b)
			tok, key := MustCreateKey(b, auth, "Partner Co.", access.RoleRegulator)
			if err := factordb.LoadAccessTokens(db, n, key.ID, db.Now().Add(365*24*time.Hour)); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, _, err := auth.IssueAccessToken(ctx, key.ID, tok, time.Hour); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// Ensure an organisation is refused, naming the field, when it prints as
// another (its name or Chinese name folded by OrgNameKey, its approval
// number by ApprovalKey: ECONFLICT) or would not print as it reads
// (invisible characters, Latin mixed with Cyrillic or Greek: EINVALID),
// and that organisations which differ are registered.
func TestOrganizations_PrintApart(t *testing.T) {
	for _, tt := range []struct {
		org         access.Organization
		code, field string
	}{
		{access.Organization{Name: "Demo  Certification Centre"}, footprint.ECONFLICT, "org"},
		{access.Organization{Name: "ＤＥＭＯ Certification Centre"}, footprint.ECONFLICT, "org"},
		{access.Organization{Name: "demo certification centre"}, footprint.ECONFLICT, "org"},
		{access.Organization{Name: "Demo Certification Centre."}, footprint.ECONFLICT, "org"}, // punctuation and spacing tell none apart
		{access.Organization{Name: "Demo-Certification Centre"}, footprint.ECONFLICT, "org"},
		{access.Organization{Name: "DemoCertification Centre"}, footprint.ECONFLICT, "org"},
		{access.Organization{Name: "Other Body", NameZH: "示例认证中心。"}, footprint.ECONFLICT, "name_zh"},
		{access.Organization{Name: "---"}, footprint.EINVALID, "org"},                        // nothing to tell it apart by
		{access.Organization{Name: "𝐃𝐞𝐦𝐨 Certification Centre"}, footprint.ECONFLICT, "org"}, // compatibility forms (red team 11)
		{access.Organization{Name: "Démo Certification Centre"}, footprint.ECONFLICT, "org"},
		{access.Organization{Name: "Demo Certification Ⅽentre"}, footprint.ECONFLICT, "org"},
		{access.Organization{Name: "Other Body", NameZH: "示\uF9B5认证中心"}, footprint.ECONFLICT, "name_zh"},
		{access.Organization{Name: "Ꭰemo Certification Centre"}, footprint.EINVALID, "org"}, // Cherokee among Latin
		{access.Organization{Name: "Other Body", ApprovalNumber: "\u00a0"}, footprint.EINVALID, "approval_number"},
		{access.Organization{Name: "Демо Сеrtification"}, footprint.EINVALID, "org"}, // Cyrillic mixed into Latin
		{access.Organization{Name: "ДЕМО"}, "", ""},                                  // Cyrillic alone
		{access.Organization{Name: "Demo\u200bCertification Centre"}, footprint.EINVALID, "org"},
		{access.Organization{Name: "Demo Certifi\u00adcation Centre"}, footprint.EINVALID, "org"},
		{access.Organization{Name: "Other Body", NameZH: "示例认证中心"}, footprint.ECONFLICT, "name_zh"},
		{access.Organization{Name: "Other Body", NameZH: "示例認證中心"}, footprint.ECONFLICT, "name_zh"}, // its traditional form (red team 39)
		{access.Organization{Name: "Other Body", NameZH: "示例 认证中心\u200d"}, footprint.EINVALID, "name_zh"},
		{access.Organization{Name: "Other Body", NameZH: "示例认证中心 "}, footprint.EINVALID, "name_zh"},
		{access.Organization{Name: "Other Body", ApprovalNumber: "CNCA-R-2026-999"}, footprint.ECONFLICT, "approval_number"},
		{access.Organization{Name: "Other Body", ApprovalNumber: "ｃｎｃａ－ｒ－２０２６－９９９"}, footprint.ECONFLICT, "approval_number"},
		{access.Organization{Name: "Other Body", ApprovalNumber: "CNCA–R–2026–999"}, footprint.ECONFLICT, "approval_number"},
		{access.Organization{Name: "Other Body", NameZH: "另一认证中心", ApprovalNumber: "CNCA-R-2026-998"}, "", ""},
	} {
		s := MustOpenWithOrgs(t)
		o := tt.org
		o.Role = access.RoleCertifier
		err := s.auth.CreateOrganization(context.Background(), &o)
		if footprint.ErrorCode(err) != tt.code || footprint.ErrorField(err) != tt.field {
			t.Errorf("%+q: %v, want %q naming %q", tt.org.Name+"|"+tt.org.NameZH+"|"+tt.org.ApprovalNumber, err, tt.code, tt.field)
		}
	}
}

// Ensure digits of any script read as the digits they are: "Solar ٢ Body"
// (Arabic-Indic 2) prints as "Solar 2 Body" to a reader of either, so it
// is refused beside it (red team 11); "Solar 3 Body" is another name.
func TestOrganizations_DigitsOfAnyScript(t *testing.T) {
	for in, want := range map[string]string{"Solar ٢": "solar2", "١٢٣": "l23", "Unit ７": "unlt7", "𝟐𝟎𝟐𝟔": "2o26", "第२号": "第2号", "Dem0 Modu1e": "demomodule", "Derno ModuIe": "demomodule",
		"長城電子有限公司": "长城电子有限公司", "长城电子有限公司": "长城电子有限公司", "示例組件廠 A": "示例组件厂a", // traditional characters read as simplified (red team 39)
		"乾坤电子": "乾坤电子", "乾 坤 电子": "乾坤电子", "乾-坤電子": "乾坤电子"} { // by the letters kept: a space or mark inside a word changed the conversion
		if got := factordb.OrgNameKey(in); got != want {
			t.Errorf("OrgNameKey(%q) = %q, want %q", in, got, want)
		}
	}
	ctx, s := mustStart(t)
	for _, tt := range []struct {
		name, code string
	}{{"Solar 2 Body", ""}, {"Solar ٢ Body", footprint.ECONFLICT}, {"Solar 3 Body", ""},
		{"Dem0 Certification Centre", footprint.ECONFLICT}, {"Derno CertiflcatIon Centre", footprint.ECONFLICT}} { // letters and digits that print alike (red team 12)
		o := access.Organization{Name: tt.name, Role: access.RoleCertifier}
		if err := s.auth.CreateOrganization(ctx, &o); footprint.ErrorCode(err) != tt.code {
			t.Errorf("%q: %v, want %q", tt.name, err, tt.code)
		}
	}
}

// Ensure Open builds the organisation indexes for a file written before
// they existed, and does not fail on one holding organisations that print
// alike or share an approval number: the first registered keeps the
// entry, the others are named in the migration's audit event.
func TestOpen_OrganizationIndexesOfAnEarlierFile(t *testing.T) {
	ctx, s := mustStart(t)
	impostor := access.Organization{Name: "Demo  Certification Centre", Role: access.RoleCertifier, ApprovalNumber: "cnca-r-2026-999",
		CreatedAt: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)}
	if err := factordb.PutOrganizationAsBefore(s.db, impostor); err != nil {
		t.Fatal(err)
	}
	// details opens the file again, as Open does, and returns the details
	// of its organisation-index migrations.
	action := factordb.AuditDatabaseMigrate
	var detail string
	details := func() {
		if err := factordb.Init(s.db); err != nil {
			t.Fatalf("Open of a file with organisations that print alike: %v", err)
		}
		events := s.mustAuditEvents(t, access.AuditFilter{Action: &action})
		for _, ev := range events {
			if ev.Subject == "database/"+factordb.OrgIndexesKey {
				detail += ev.Detail + "\n"
			}
		}
	}
	details()
	// Under the earlier OrgNameKey, which kept punctuation, this one was
	// no impostor; the indexes built again name it.
	if err := factordb.PutOrganizationAsBefore(s.db, access.Organization{Name: "Demo Certification Centre.", Role: access.RoleCertifier,
		CreatedAt: time.Date(2026, 6, 2, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	details()
	for _, want := range []string{`org "democertlflcatloncentre" of "Demo  Certification Centre" is held by "Demo Certification Centre"`,
		`org "democertlflcatloncentre" of "Demo Certification Centre." is held by "Demo Certification Centre"`,
		`approval_number "CNCA-R-2026-999" of "Demo  Certification Centre" is held by "Demo Certification Centre"`} {
		if !strings.Contains(detail, want) {
			t.Errorf("migration event %q lacks %q", detail, want)
		}
	}
	// The first registered holds the entries.
	o := access.Organization{Name: "Fourth Body", Role: access.RoleCertifier, ApprovalNumber: "CNCA-R-2026-999"}
	if err := s.auth.CreateOrganization(ctx, &o); footprint.ErrorCode(err) != footprint.ECONFLICT || !strings.Contains(footprint.ErrorMessage(err), `"Demo Certification Centre"`) {
		t.Fatalf("after the migration: %v, want ECONFLICT naming %s", err, orgCertifier)
	}
}

// Ensure a certifier registered without an approval number cannot record,
// at its first issue, one that reads as another body's (red team 29): the
// letter O for a zero in "CNCA-R-2O26-999" beside Demo Certification
// Centre's "CNCA-R-2026-999". Nothing is issued.
func TestRedteam29_LookAlikeApprovalNumberAtFirstIssue(t *testing.T) {
	s := MustOpenServices(t)
	const lookAlike = "Demo Certification Center"
	s.MustCreateOrgs(t, access.Organization{Name: lookAlike, Role: access.RoleCertifier})
	st := s.MustCreateStudy(t, orgMaker, "RT29-APPROVAL")
	app := &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: lookAlike}
	if err := s.certs.CreateApplication(context.Background(), app); err != nil {
		t.Fatal(err)
	}
	before := s.auditCount(t)
	_, err := s.certs.IssueCertificate(context.Background(), app.ID, certification.IssueRequest{Signatory: "Test Signatory", ApprovalNumber: "CNCA-R-2O26-999"})
	if footprint.ErrorCode(err) != footprint.ECONFLICT || footprint.ErrorField(err) != "approval_number" {
		t.Fatalf("issue under CNCA-R-2O26-999 beside %s's CNCA-R-2026-999: %v", orgCertifier, err)
	}
	if after := s.auditCount(t); after != before {
		t.Fatalf("a refused issue wrote %d audit events", after-before)
	}
	if o, err := s.auth.FindOrganizationByName(context.Background(), lookAlike); err != nil || o.ApprovalNumber != "" {
		t.Fatalf("%s after the refused issue: %+v %v", lookAlike, o, err)
	}
	// Its own number is recorded.
	if _, err := s.certs.IssueCertificate(context.Background(), app.ID, certification.IssueRequest{Signatory: "Test Signatory", ApprovalNumber: "CNCA-R-2026-997"}); err != nil {
		t.Fatal(err)
	}
}

// mustCreateKey makes an API key of org in s and returns its token and key.
func (s *services) mustCreateKey(tb testing.TB, org string) (string, *access.APIKey) {
	tb.Helper()
	token, key, err := s.auth.CreateAPIKey(context.Background(), org)
	if err != nil {
		tb.Fatal(err)
	}
	return token, key
}

// Ensure a restore does not bring back an API key revoked after the copy
// was taken (docs/integrity.md, red team 29's credentials): every key
// created before the restore is refused (ERESTOREDKEY) until an admin
// confirms it, one by one or all at once; a key revoked after the restore
// stays revoked; a key created after it is not affected; an access token
// issued before the restore is refused (expired). Before, the key revoked
// after the copy authenticated again, and so did its access token.
func TestAuth_RestoreBringsBackNoRevokedKey(t *testing.T) {
	ctx, s := mustStart(t)
	mustActiveKey(t, s.keys)
	leakedToken, leaked := s.mustCreateKey(t, orgMaker)
	keptToken, kept := s.mustCreateKey(t, orgMaker)
	otherToken, _ := s.mustCreateKey(t, orgCertifier)
	oldToken, old := s.mustCreateKey(t, orgCertifier)
	if err := s.auth.RevokeAPIKey(ctx, old.ID); err != nil { // revoked before the copy
		t.Fatal(err)
	}
	// An access token of the kept key, long-lived so that only the
	// restore can end it.
	access1, _, err := s.auth.IssueAccessToken(ctx, kept.ID, keptToken, 90*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	buf := s.mustCopy(t, ctx, "key-29")
	if err := s.auth.RevokeAPIKey(ctx, leaked.ID); err != nil { // after the copy: the restore loses it
		t.Fatal(err)
	}

	// A copy not started yet: its restore is not recorded, so no
	// confirmation would count.
	notStarted := factordb.NewAuthService(factordbtest.OpenCopy(t, buf.Bytes()))
	if _, err := notStarted.ConfirmAPIKey(ctx, kept.ID); footprint.ErrorCode(err) != footprint.ECONFLICT {
		t.Errorf("confirm a key of a copy not started: %v, want ECONFLICT", err)
	}
	if _, err := notStarted.RestoredAPIKeys(ctx); footprint.ErrorCode(err) != footprint.ECONFLICT {
		t.Errorf("list the keys of a copy not started: %v, want ECONFLICT", err)
	}

	r := restoreAt(t, buf.Bytes(), fixedNow.Add(30*24*time.Hour))
	for name, token := range map[string]string{"revoked after the copy": leakedToken, "kept": keptToken, "other": otherToken} {
		if _, err := r.auth.Authenticate(ctx, token); footprint.ErrorCode(err) != access.ERESTOREDKEY || !strings.Contains(footprint.ErrorMessage(err), "restored") {
			t.Errorf("key %s, after the restore: %v, want %s", name, err, access.ERESTOREDKEY)
		}
	}
	if _, _, err := r.auth.IssueAccessToken(ctx, leaked.ID, leakedToken, time.Hour); footprint.ErrorCode(err) != access.ERESTOREDKEY {
		t.Errorf("access token for the key revoked after the copy: %v, want %s", err, access.ERESTOREDKEY)
	}
	if _, err := r.auth.Authenticate(ctx, oldToken); footprint.ErrorCode(err) != footprint.EUNAUTHORIZED {
		t.Errorf("key revoked before the copy: %v, want EUNAUTHORIZED", err)
	}
	if _, err := r.auth.Authenticate(ctx, access1); !errors.Is(err, access.ErrTokenExpired) {
		t.Errorf("access token issued before the restore: %v, want it expired", err)
	}

	// The admin's list: the keys the copy holds, unrevoked, with org and
	// creation time.
	listed, err := r.auth.RestoredAPIKeys(ctx)
	if err != nil || len(listed) != 3 {
		t.Fatalf("restored keys %+v %v, want 3", listed, err)
	}
	if k := listed[0]; k.Org != orgCertifier || k.CreatedAt.IsZero() {
		t.Errorf("first restored key %+v, want %s's (by organisation) with its creation time", k, orgCertifier)
	}

	// A key made after the restore is not affected and not listed.
	newToken, _ := r.mustCreateKey(t, orgMaker)
	if _, err := r.auth.Authenticate(ctx, newToken); err != nil {
		t.Errorf("a key created after the restore: %v", err)
	}
	// The admin, who remembers the leak, revokes the key again: it stays
	// revoked, and cannot be confirmed.
	if err := r.auth.RevokeAPIKey(ctx, leaked.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := r.auth.ConfirmAPIKey(ctx, leaked.ID); footprint.ErrorCode(err) != footprint.ECONFLICT {
		t.Errorf("confirm a revoked key: %v, want ECONFLICT", err)
	}
	if _, err := r.auth.ConfirmAPIKey(ctx, "0000000000000000"); footprint.ErrorCode(err) != footprint.ENOTFOUND {
		t.Errorf("confirm an unknown key: %v, want ENOTFOUND", err)
	}

	// One by one.
	if k, err := r.auth.ConfirmAPIKey(ctx, kept.ID); err != nil || k.ConfirmedAt.IsZero() {
		t.Fatalf("confirm %s: %+v %v", kept.ID, k, err)
	}
	if p, err := r.auth.Authenticate(ctx, keptToken); err != nil || p.KeyID != kept.ID {
		t.Errorf("the confirmed key: %+v %v", p, err)
	}
	if _, err := r.auth.Authenticate(ctx, access1); !errors.Is(err, access.ErrTokenExpired) {
		t.Errorf("access token issued before the restore, its key confirmed: %v, want it expired", err)
	}
	access2, _, err := r.auth.IssueAccessToken(ctx, kept.ID, keptToken, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.auth.Authenticate(ctx, access2); err != nil {
		t.Errorf("a new access token of the confirmed key: %v", err)
	}

	// All at once: a reason, then the one left.
	if _, err := r.auth.ConfirmRestoredAPIKeys(ctx, " "); footprint.ErrorCode(err) != footprint.EINVALID {
		t.Errorf("confirm all without a reason: %v, want EINVALID", err)
	}
	all, err := r.auth.ConfirmRestoredAPIKeys(ctx, "list checked against the revocation log")
	if err != nil || len(all) != 1 || all[0].Org != orgCertifier {
		t.Fatalf("confirm all: %+v %v, want the certifier's key only", all, err)
	}
	if _, err := r.auth.Authenticate(ctx, otherToken); err != nil {
		t.Errorf("a key confirmed with the others: %v", err)
	}
	if _, err := r.auth.Authenticate(ctx, leakedToken); footprint.ErrorCode(err) != footprint.EUNAUTHORIZED {
		t.Errorf("the key revoked again after the restore: %v, want EUNAUTHORIZED", err)
	}
	if left, err := r.auth.RestoredAPIKeys(ctx); err != nil || len(left) != 0 {
		t.Errorf("restored keys after confirming: %+v %v", left, err)
	}
	action := access.AuditKeyConfirm
	events, _, err := r.certs.FindAuditEvents(ctx, access.AuditFilter{Action: &action})
	if err != nil || len(events) != 2 {
		t.Fatalf("key.confirm events %+v %v, want 2", events, err)
	}
	if !strings.Contains(events[0].Detail, "revocation log") || events[1].Subject != "key/"+kept.ID {
		t.Errorf("key.confirm events %+v", events)
	}
}

// Ensure a certifier's key made while its organisation holds a usable key
// waits until one of that organisation's keys confirms it (red team 46):
// the operator, who makes every key and sees its token, minted a second
// key of "Demo Certification Centre" and issued with it in the body's
// name, and the body had no way to know. The waiting key is refused, its
// holder told why (API and OAuth2 token grant), another organisation's
// key cannot confirm it, the body's own key can and the body lists it;
// once every key of the body is revoked (the body sees its keys stop), a
// new one needs no confirmation; other roles are not held.
func TestRedteam46_CertifierKeyWaitsForItsOrganisation(t *testing.T) {
	ctx, s := mustStart(t)
	auth := s.auth
	first, firstKey := MustCreateKey(t, auth, orgCertifier, access.RoleCertifier)
	if firstKey.AwaitsOrg {
		t.Fatalf("a new body's first key %+v waits: nobody could confirm it", firstKey)
	}
	minted, mintedKey := MustCreateKey(t, auth, orgCertifier, access.RoleCertifier)
	if !mintedKey.AwaitsOrg || !mintedKey.Waiting() {
		t.Fatalf("second key of the body %+v does not wait for the body", mintedKey)
	}
	_, err := auth.Authenticate(ctx, minted)
	assertCode(t, err, access.EKEYAWAITSORG)
	if msg := footprint.ErrorMessage(err); !strings.Contains(msg, "/v1/org/keys/"+mintedKey.ID+"/confirm") || !strings.Contains(msg, "须由该机构") {
		t.Errorf("message %q does not tell the holder how the key is confirmed, in both languages", msg)
	}
	_, _, err = auth.IssueAccessToken(ctx, mintedKey.ID, minted, time.Hour)
	assertCode(t, err, access.EKEYAWAITSORG)

	as := func(p *access.Principal) context.Context { return access.NewContextWithPrincipal(ctx, p) }
	_, err = auth.EndorseAPIKey(ctx, mintedKey.ID)
	assertCode(t, err, footprint.EFORBIDDEN)
	_, other := MustCreateKey(t, auth, "Other Certification Body", access.RoleCertifier)
	_, err = auth.EndorseAPIKey(as(&access.Principal{Org: other.Org, Role: access.RoleCertifier, KeyID: other.ID}), mintedKey.ID)
	assertCode(t, err, footprint.ENOTFOUND)
	if _, err := auth.Authenticate(ctx, minted); footprint.ErrorCode(err) != access.EKEYAWAITSORG {
		t.Fatalf("after another body's attempt: %v, want it still waiting", err)
	}

	keys, err := auth.OrganizationAPIKeys(ctx, orgCertifier)
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 2 || keys[0].ID != firstKey.ID || keys[1].ID != mintedKey.ID || !keys[1].Waiting() {
		t.Fatalf("the body's keys %+v, want its first and the waiting one", keys)
	}
	p, err := auth.Authenticate(ctx, first)
	if err != nil {
		t.Fatal(err)
	}
	got, err := auth.EndorseAPIKey(as(p), mintedKey.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Waiting() || got.EndorsedBy != firstKey.ID || got.EndorsedAt.IsZero() {
		t.Fatalf("confirmed key %+v", got)
	}
	if p, err := auth.Authenticate(ctx, minted); err != nil || p.Org != orgCertifier {
		t.Fatalf("confirmed key: %v %v", p, err)
	}
	events := s.mustAuditEvents(t, access.AuditFilter{Subject: ptr("key/" + mintedKey.ID)})
	if len(events) != 2 || events[0].Action != access.AuditKeyEndorse || events[0].KeyID != firstKey.ID ||
		!strings.HasSuffix(events[1].Detail, "waits for a key of the organisation to confirm it") {
		t.Errorf("trail of the key %+v, want its creation saying it waits and its confirmation by %s", events, firstKey.ID)
	}

	// Every key of the body revoked: the operator's new key works alone,
	// and the body sees its own keys refused.
	for _, k := range []*access.APIKey{firstKey, mintedKey} {
		if err := auth.RevokeAPIKey(ctx, k.ID); err != nil {
			t.Fatal(err)
		}
	}
	if _, k := MustCreateKey(t, auth, orgCertifier, access.RoleCertifier); k.AwaitsOrg {
		t.Errorf("key %+v of a body whose keys are all revoked waits: nobody can confirm it", k)
	}
	MustCreateKey(t, auth, "Demo Module Co.", access.RoleManufacturer)
	if _, k := MustCreateKey(t, auth, "Demo Module Co.", access.RoleManufacturer); k.AwaitsOrg {
		t.Errorf("manufacturer's second key %+v waits", k)
	}
}

// Ensure a certifier key the operator makes once every key of the body is
// revoked works (a body that lost its keys is not locked out) but is
// marked unvouched, with every key it confirms, until the body vouches
// for it with the token of a key it held before: the operator revoked the
// body's keys and minted one in their place, which red team 46 left
// open. A waiting key, a later key, another body's key, a wrong secret
// or no token at all does not vouch; a former key, revoked, does.
func TestAuth_RecoveryKeyUnvouchedUntilAFormerKeyVouches(t *testing.T) {
	ctx, s := mustStart(t)
	auth := s.auth
	formerToken, former := MustCreateKey(t, auth, orgCertifier, access.RoleCertifier)
	if former.Recovery || former.Unvouched {
		t.Fatalf("a body's first key %+v is marked", former)
	}
	if err := auth.RevokeAPIKey(ctx, former.ID); err != nil {
		t.Fatal(err)
	}
	recoveryToken, recovery := MustCreateKey(t, auth, orgCertifier, access.RoleCertifier)
	if !recovery.Recovery || !recovery.Unvouched || recovery.AwaitsOrg {
		t.Fatalf("key made once every key of the body is revoked: %+v, want a recovery key, unvouched, not waiting", recovery)
	}
	p, err := auth.Authenticate(ctx, recoveryToken)
	if err != nil {
		t.Fatalf("recovery key refused: %v (a body that lost its keys would be locked out)", err)
	}
	as := access.NewContextWithPrincipal(ctx, p)
	laterToken, later := MustCreateKey(t, auth, orgCertifier, access.RoleCertifier)
	if !later.Waiting() {
		t.Fatalf("key made while the recovery key is usable %+v does not wait", later)
	}
	if got, err := auth.EndorseAPIKey(as, later.ID); err != nil || !got.Unvouched {
		t.Fatalf("key the unvouched recovery key confirmed: %+v %v, want it unvouched too", got, err)
	}
	_, err = auth.EndorseAPIKey(as, recovery.ID)
	assertCode(t, err, footprint.EINVALID)
	otherToken, _ := MustCreateKey(t, auth, "Other Certification Body", access.RoleCertifier)
	for name, token := range map[string]string{"none": "", "later": laterToken, "itself": recoveryToken, "other body": otherToken,
		"wrong secret": formerToken[:len(formerToken)-2] + "xx"} {
		_, err := auth.VouchAPIKey(as, recovery.ID, token)
		assertCode(t, err, footprint.EINVALID)
		if footprint.ErrorField(err) != "former_token" {
			t.Errorf("%s: %v does not name former_token", name, err)
		}
	}
	_, err = auth.VouchAPIKey(as, former.ID, formerToken)
	assertCode(t, err, footprint.ECONFLICT) // revoked: it stays revoked
	got, err := auth.VouchAPIKey(as, recovery.ID, formerToken)
	if err != nil {
		t.Fatal(err)
	}
	if got.Unvouched || got.EndorsedBy != former.ID || got.EndorsedAt.IsZero() {
		t.Fatalf("vouched recovery key %+v", got)
	}
	keys, err := auth.OrganizationAPIKeys(ctx, orgCertifier)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if k.Unvouched {
			t.Errorf("after the vouch, key %+v still unvouched", k)
		}
	}
	events := s.mustAuditEvents(t, access.AuditFilter{Subject: ptr("key/" + recovery.ID)})
	if len(events) != 2 || events[0].Action != access.AuditKeyEndorse || !strings.Contains(events[0].Detail, "vouched for with its former key "+former.ID) ||
		!strings.Contains(events[1].Detail, "held no usable key") {
		t.Errorf("trail of the recovery key %+v", events)
	}
}

// A body's keys are read through the index of keys by organisation, not
// by reading every key of the file (issue 14 item 3: a certifier's every
// workbench page lists them): another organisation's key that no longer
// decodes does not stop them, and a file written before the index has it
// built at Open.
func TestOrganizationAPIKeys_ReadsTheBodysKeysOnly(t *testing.T) {
	ctx, s := mustStart(t)
	auth := s.auth
	_, first := MustCreateKey(t, auth, orgCertifier, access.RoleCertifier)
	_, second := MustCreateKey(t, auth, orgCertifier, access.RoleCertifier)
	_, other := MustCreateKey(t, auth, "Other Certification Body", access.RoleCertifier)
	mustRun(t, s.db, factordb.CheckOrgKeyIndex)
	ids := func() []string {
		t.Helper()
		keys, err := auth.OrganizationAPIKeys(ctx, orgCertifier)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, k := range keys {
			out = append(out, k.ID)
		}
		return out
	}
	if got, want := ids(), []string{first.ID, second.ID}; !slices.Equal(got, want) {
		t.Fatalf("the body's keys %v, want %v", got, want)
	}

	// A file written before the index: Open builds it from the keys.
	mustRun(t, s.db, factordb.DropOrgKeyIndex)
	mustRun(t, s.db, factordb.Init)
	mustRun(t, s.db, factordb.CheckOrgKeyIndex)
	if got, want := ids(), []string{first.ID, second.ID}; !slices.Equal(got, want) {
		t.Fatalf("after the index was built at Open, the body's keys %v, want %v", got, want)
	}

	// Another organisation's key record is not read at all (it is put
	// back for the consistency check at the end of the test).
	var kept []byte
	put := func(v func() []byte) {
		t.Helper()
		if err := factordb.Write(s.db, func(tx *bolt.Tx) error {
			b := tx.Bucket([]byte("api_keys"))
			if kept == nil {
				kept = bytes.Clone(b.Get([]byte(other.ID)))
			}
			return b.Put([]byte(other.ID), v())
		}); err != nil {
			t.Fatal(err)
		}
	}
	put(func() []byte { return []byte("not a record") })
	if got, want := ids(), []string{first.ID, second.ID}; !slices.Equal(got, want) {
		t.Fatalf("with another body's key unreadable, the body's keys %v, want %v", got, want)
	}
	put(func() []byte { return kept })

	// A key taken out of the index would act unseen by its body: Check
	// finds it.
	entry := append(append([]byte(orgCertifier), 0), second.ID...)
	setEntry := func(present bool) {
		t.Helper()
		if err := factordb.Write(s.db, func(tx *bolt.Tx) error {
			if present {
				return tx.Bucket([]byte("api_keys_by_org")).Put(entry, nil)
			}
			return tx.Bucket([]byte("api_keys_by_org")).Delete(entry)
		}); err != nil {
			t.Fatal(err)
		}
	}
	setEntry(false)
	if err := s.db.Check(); err == nil || !strings.Contains(err.Error(), second.ID) || !strings.Contains(err.Error(), "api_keys_by_org") {
		t.Errorf("Check with a key out of the index: %v, want the key named", err)
	}
	setEntry(true)
}

// Ensure that an admin key reported compromised takes with it the restored
// API keys it confirmed at or after the time it was compromised as of (red
// team 60 left it open): a key revoked after the copy was taken, brought
// back by the restore and confirmed by the thief with the operator's
// stolen admin key, stayed usable after the admin key was reported. It is
// now compromised as of that confirmation; a key the admin key confirmed
// before that time, and one confirmed on the file (no key), stay usable.
func TestRedteam66_KeysConfirmedWithAStolenAdminKeyAreCompromised(t *testing.T) {
	ctx, s := mustStart(t)
	mustActiveKey(t, s.keys)
	_, admin := MustCreateKey(t, s.auth, "Operator", access.RoleAdmin)
	leakedToken, leaked := s.mustCreateKey(t, orgMaker)
	keptToken, kept := s.mustCreateKey(t, orgMaker)
	fileToken, onFile := s.mustCreateKey(t, orgCertifier)
	buf := s.mustCopy(t, ctx, admin.ID)
	if err := s.auth.RevokeAPIKey(ctx, leaked.ID); err != nil { // after the copy: the restore loses it
		t.Fatal(err)
	}

	start := fixedNow.Add(30 * 24 * time.Hour)
	r := restoreAt(t, buf.Bytes(), start)
	// The operator confirms its admin key on the file (no key), then,
	// through the server, the kept key; later the thief, holding the admin
	// token, confirms the key revoked after the copy.
	for _, id := range []string{admin.ID, onFile.ID} {
		if _, err := r.auth.ConfirmAPIKey(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	asAdmin := access.NewContextWithPrincipal(ctx, &access.Principal{Org: "Operator", Role: access.RoleAdmin, KeyID: admin.ID})
	if _, err := r.auth.ConfirmAPIKey(asAdmin, kept.ID); err != nil {
		t.Fatal(err)
	}
	r.db.Now = steppingClock(start.Add(2 * 24 * time.Hour))
	if _, err := r.auth.ConfirmAPIKey(asAdmin, leaked.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := r.auth.Authenticate(ctx, leakedToken); err != nil {
		t.Fatalf("the key confirmed by the thief: %v", err)
	}
	r.db.Now = steppingClock(start.Add(3 * 24 * time.Hour))
	if _, err := r.auth.MarkAPIKeyCompromised(ctx, admin.ID, start.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, token string
		compromised bool
	}{{"confirmed by the thief after the time reported", leakedToken, true}, {"confirmed with the admin key before that time", keptToken, false}, {"confirmed on the file", fileToken, false}} {
		if _, err := r.auth.Authenticate(ctx, tc.token); (err != nil) != tc.compromised {
			t.Errorf("key %s: Authenticate: %v; want refused: %v", tc.name, err, tc.compromised)
		}
	}
	if k := readAPIKey(t, r, leaked.ID); !k.CompromisedSince.Equal(k.ConfirmedAt) || k.RevokedAt.IsZero() {
		t.Errorf("the key the thief confirmed: compromised since %s, confirmed at %s, revoked at %s; want compromised as of its confirmation, and revoked",
			k.CompromisedSince, k.ConfirmedAt, k.RevokedAt)
	}
	if err := r.db.Check(); err != nil {
		t.Error(err)
	}
}

// readAPIKey returns API key id of the organisation orgMaker as the store
// lists it.
func readAPIKey(t *testing.T, s *services, id string) *access.APIKey {
	t.Helper()
	keys, err := s.auth.OrganizationAPIKeys(t.Context(), orgMaker)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if k.ID == id {
			return k
		}
	}
	t.Fatalf("no key %s of %s", id, orgMaker)
	return nil
}
