package api_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/google/uuid"
)

// In-file fakes of the footprint services (STYLE.md §2.11: api tests use
// small in-file fakes). They follow the documented contracts closely enough
// for the HTTP layer's tests: validation, not-found, conflicts, atomic
// decisions with their audit events. The full-stack tests in
// fullstack_test.go run the same flows on the real bbolt services.

type fakeAuth struct {
	mu     sync.Mutex
	orgs   map[string]*footprint.Organization
	tokens map[string]*footprint.Principal // token → principal
	keys   map[string]string               // key ID → token
	now    func() time.Time
}

func newFakeAuth(now func() time.Time) *fakeAuth {
	return &fakeAuth{orgs: map[string]*footprint.Organization{}, tokens: map[string]*footprint.Principal{}, keys: map[string]string{}, now: now}
}

func (a *fakeAuth) CreateOrganization(_ context.Context, org *footprint.Organization) error {
	if err := org.Validate(); err != nil {
		return err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if _, ok := a.orgs[org.Name]; ok {
		return footprint.Errorf(footprint.ECONFLICT, "organisation %q exists", org.Name)
	}
	org.CreatedAt = a.now()
	cp := *org
	a.orgs[org.Name] = &cp
	return nil
}

func (a *fakeAuth) FindOrganizationByName(_ context.Context, name string) (*footprint.Organization, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	o, ok := a.orgs[name]
	if !ok {
		return nil, footprint.Errorf(footprint.ENOTFOUND, "organisation %q not found", name)
	}
	cp := *o
	return &cp, nil
}

func (a *fakeAuth) FindOrganizations(context.Context) ([]*footprint.Organization, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []*footprint.Organization
	for _, o := range a.orgs {
		cp := *o
		out = append(out, &cp)
	}
	slices.SortFunc(out, func(x, y *footprint.Organization) int { return strings.Compare(x.Name, y.Name) })
	return out, nil
}

func (a *fakeAuth) CreateAPIKey(_ context.Context, org string) (string, *footprint.APIKey, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	o, ok := a.orgs[org]
	if !ok {
		return "", nil, footprint.Errorf(footprint.ENOTFOUND, "organisation %q not found", org)
	}
	id := fmt.Sprintf("k%d", len(a.keys)+1)
	token := "pcf_" + id + "_" + uuid.NewString()
	a.keys[id] = token
	a.tokens[token] = &footprint.Principal{Org: o.Name, Role: o.Role, KeyID: id}
	return token, &footprint.APIKey{ID: id, Org: o.Name, Role: o.Role, CreatedAt: a.now()}, nil
}

func (a *fakeAuth) RevokeAPIKey(_ context.Context, id string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	token, ok := a.keys[id]
	if !ok {
		return footprint.Errorf(footprint.ENOTFOUND, "key %q not found", id)
	}
	delete(a.tokens, token)
	return nil
}

func (a *fakeAuth) Authenticate(_ context.Context, token string) (*footprint.Principal, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	p, ok := a.tokens[token]
	if !ok {
		return nil, footprint.Errorf(footprint.EUNAUTHORIZED, "invalid token")
	}
	cp := *p
	return &cp, nil
}

func (a *fakeAuth) IssueAccessToken(_ context.Context, clientID, secret string, ttl time.Duration) (string, time.Time, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.keys[clientID] != secret || a.tokens[secret] == nil {
		return "", time.Time{}, footprint.Errorf(footprint.EUNAUTHORIZED, "invalid client")
	}
	token := "at_" + uuid.NewString()
	a.tokens[token] = a.tokens[secret]
	return token, a.now().Add(ttl), nil
}

// fakeStudies calculates with the real engine against a FactorService and
// keeps studies in memory, with the green-claim rule.
type fakeStudies struct {
	mu      sync.Mutex
	factors footprint.FactorService
	studies map[string]*footprint.Study
	order   []string
	claims  []footprint.GreenClaim
	now     func() time.Time
}

func newFakeStudies(fs footprint.FactorService, now func() time.Time) *fakeStudies {
	return &fakeStudies{factors: fs, studies: map[string]*footprint.Study{}, now: now}
}

func (f *fakeStudies) CreateStudy(ctx context.Context, s *footprint.Study) (*footprint.Result, error) {
	factors, err := f.factors.FindFactorsByCodes(ctx, s.FactorSet, s.FactorCodes())
	if err != nil {
		return nil, err
	}
	if ids := s.SupplierIDs(); len(ids) > 0 {
		return nil, footprint.Errorf(footprint.ENOTFOUND, "supplier footprint %q not found", ids[0])
	}
	res, err := footprint.Calculate(s, factors, nil)
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	id := uuid.NewString()
	claims := s.GreenClaims()
	if err := footprint.CheckGreenClaims(f.claims, id, claims); err != nil {
		return nil, err
	}
	for _, c := range claims {
		c.StudyID = id
		f.claims = append(f.claims, c)
	}
	s.ID, s.CreatedAt, s.Result = id, f.now(), res
	cp := *s
	f.studies[id] = &cp
	f.order = append(f.order, id)
	return res, nil
}

func (f *fakeStudies) FindStudyByID(_ context.Context, id string) (*footprint.Study, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.studies[id]
	if !ok {
		return nil, footprint.Errorf(footprint.ENOTFOUND, "study %q not found", id)
	}
	cp := *s
	return &cp, nil
}

func (f *fakeStudies) FindStudies(_ context.Context, filter footprint.StudyFilter) ([]*footprint.Study, int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []*footprint.Study
	for _, id := range f.order {
		s := f.studies[id]
		if filter.Owner != nil && s.Owner != *filter.Owner || filter.Rule != nil && s.Rule != *filter.Rule ||
			filter.FactorSet != nil && s.FactorSet != *filter.FactorSet {
			continue
		}
		if filter.ProductCode != nil && !slices.ContainsFunc(s.Product.ProductCodes, func(pc footprint.ProductCode) bool { return pc.String() == *filter.ProductCode }) {
			continue
		}
		cp := *s
		cp.Result = nil
		out = append(out, &cp)
	}
	total := len(out)
	out = out[min(filter.Offset, len(out)):]
	if filter.Limit > 0 && len(out) > filter.Limit {
		out = out[:filter.Limit]
	}
	return out, total, nil
}

type fakeProducts struct {
	mu    sync.Mutex
	prods []*footprint.ProductRecord
	now   func() time.Time
}

func (f *fakeProducts) CreateProduct(_ context.Context, p *footprint.ProductRecord) error {
	if err := p.Validate(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, q := range f.prods {
		if q.Owner == p.Owner && q.Product.Model == p.Product.Model {
			return footprint.Errorf(footprint.ECONFLICT, "model %q is registered", p.Product.Model)
		}
	}
	p.ID, p.CreatedAt = uuid.NewString(), f.now()
	cp := *p
	f.prods = append(f.prods, &cp)
	return nil
}

func (f *fakeProducts) FindProductByID(_ context.Context, id string) (*footprint.ProductRecord, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, p := range f.prods {
		if p.ID == id {
			cp := *p
			return &cp, nil
		}
	}
	return nil, footprint.Errorf(footprint.ENOTFOUND, "product %q not found", id)
}

func (f *fakeProducts) FindProducts(_ context.Context, filter footprint.ProductFilter) ([]*footprint.ProductRecord, int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []*footprint.ProductRecord
	for _, p := range f.prods {
		if filter.Owner != nil && p.Owner != *filter.Owner {
			continue
		}
		cp := *p
		out = append(out, &cp)
	}
	return out, len(out), nil
}

type fakeKeys struct {
	mu  sync.Mutex
	key *footprint.SigningKey
	now func() time.Time
}

func (k *fakeKeys) ActiveSigningKey(context.Context) (*footprint.SigningKey, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.key == nil {
		key, err := footprint.NewSigningKey(nil, k.now())
		if err != nil {
			return nil, err
		}
		k.key = key
	}
	return k.key, nil
}

func (k *fakeKeys) RotateSigningKey(ctx context.Context) (*footprint.SigningKey, error) {
	return nil, footprint.Errorf(footprint.ENOTIMPLEMENTED, "not in the fake")
}

func (k *fakeKeys) PublicKeys(context.Context) ([]footprint.PublicKey, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.key == nil {
		return nil, nil
	}
	return []footprint.PublicKey{k.key.PublicKey()}, nil
}

// fakeCertification keeps applications, certificates and the audit trail;
// every change and its audit event happen under one lock, all or nothing.
type fakeCertification struct {
	mu    sync.Mutex
	auth  *fakeAuth
	apps  map[uuid.UUID]*footprint.Application
	certs map[uuid.UUID]*footprint.CertificateRecord
	audit []*footprint.AuditEvent
	seq   int
	now   func() time.Time
}

func newFakeCertification(auth *fakeAuth, now func() time.Time) *fakeCertification {
	return &fakeCertification{auth: auth, apps: map[uuid.UUID]*footprint.Application{}, certs: map[uuid.UUID]*footprint.CertificateRecord{}, now: now}
}

func (f *fakeCertification) event(ctx context.Context, action, subject, detail string) {
	actor, role, key := footprint.AuditActor(ctx)
	f.audit = append(f.audit, &footprint.AuditEvent{ID: uuid.New(), At: f.now(), Actor: actor, Role: role, KeyID: key, Action: action, Subject: subject, Detail: detail})
}

func (f *fakeCertification) CreateApplication(ctx context.Context, app *footprint.Application) error {
	org, err := f.auth.FindOrganizationByName(ctx, app.Certifier)
	if err != nil || org.Role != footprint.RoleCertifier {
		return footprint.FieldErrorf(footprint.ENOTFOUND, "certifier", "certifier %q not found", app.Certifier)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, a := range f.apps {
		if a.StudyID == app.StudyID && a.Status == footprint.ApplicationPending {
			return footprint.Errorf(footprint.ECONFLICT, "study %s has a pending application", app.StudyID)
		}
	}
	app.ID, app.Status, app.CreatedAt = uuid.New(), footprint.ApplicationPending, f.now()
	cp := *app
	f.apps[app.ID] = &cp
	f.event(ctx, footprint.AuditApplicationCreate, "application/"+app.ID.String(), "")
	return nil
}

func (f *fakeCertification) FindApplicationByID(_ context.Context, id uuid.UUID) (*footprint.Application, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	a, ok := f.apps[id]
	if !ok {
		return nil, footprint.Errorf(footprint.ENOTFOUND, "application %s not found", id)
	}
	cp := *a
	return &cp, nil
}

func (f *fakeCertification) FindApplications(_ context.Context, filter footprint.ApplicationFilter) ([]*footprint.Application, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []*footprint.Application
	for _, a := range f.apps {
		if filter.Manufacturer != nil && a.Manufacturer != *filter.Manufacturer || filter.Certifier != nil && a.Certifier != *filter.Certifier ||
			filter.Status != nil && a.Status != *filter.Status || filter.StudyID != nil && a.StudyID != *filter.StudyID {
			continue
		}
		cp := *a
		out = append(out, &cp)
	}
	slices.SortFunc(out, func(x, y *footprint.Application) int { return x.CreatedAt.Compare(y.CreatedAt) })
	return out, nil
}

func (f *fakeCertification) RejectApplication(ctx context.Context, id uuid.UUID, reasons []string) (*footprint.Application, error) {
	if err := footprint.ValidateReasons("reasons", reasons); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	a, ok := f.apps[id]
	if !ok {
		return nil, footprint.Errorf(footprint.ENOTFOUND, "application %s not found", id)
	}
	if a.Status != footprint.ApplicationPending {
		return nil, footprint.Errorf(footprint.ECONFLICT, "application is %s", a.Status)
	}
	a.Status, a.Reasons, a.DecidedAt = footprint.ApplicationRejected, reasons, f.now()
	f.event(ctx, footprint.AuditApplicationReject, "application/"+id.String(), strings.Join(reasons, "; "))
	cp := *a
	return &cp, nil
}

func (f *fakeCertification) IssueCertificate(ctx context.Context, appID uuid.UUID, build footprint.CertificateBuilder) (*footprint.CertificateRecord, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	a, ok := f.apps[appID]
	if !ok {
		return nil, footprint.Errorf(footprint.ENOTFOUND, "application %s not found", appID)
	}
	if a.Status != footprint.ApplicationPending {
		return nil, footprint.Errorf(footprint.ECONFLICT, "application is %s", a.Status)
	}
	now := f.now().UTC().Truncate(time.Second)
	sc, err := build(footprint.FormatCertificateNumber(footprint.CertificateNumberPrefix, now.Year(), f.seq+1), now)
	if err != nil {
		return nil, err
	}
	f.seq++
	rec := &footprint.CertificateRecord{Signed: sc, Status: footprint.CertificateValid, StatusChangedAt: now, ApplicationID: appID, Manufacturer: a.Manufacturer, Certifier: a.Certifier}
	f.certs[sc.Certificate.ID] = rec
	a.Status, a.DecidedAt, a.CertificateID = footprint.ApplicationIssued, now, sc.Certificate.ID
	f.event(ctx, footprint.AuditCertificateIssue, "certificate/"+sc.Certificate.ID.String(), sc.Certificate.Number)
	cp := *rec
	return &cp, nil
}

func (f *fakeCertification) FindCertificateByID(_ context.Context, id uuid.UUID) (*footprint.CertificateRecord, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	rec, ok := f.certs[id]
	if !ok {
		return nil, footprint.Errorf(footprint.ENOTFOUND, "certificate %s not found", id)
	}
	cp := *rec
	return &cp, nil
}

func (f *fakeCertification) FindCertificates(_ context.Context, filter footprint.CertificateFilter) ([]*footprint.CertificateRecord, string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []*footprint.CertificateRecord
	for _, rec := range f.certs {
		c := rec.Certificate()
		status := rec.Status
		if !filter.Now.IsZero() {
			status = c.StatusAt(rec.Status, filter.Now)
		}
		switch {
		case filter.Manufacturer != nil && rec.Manufacturer != *filter.Manufacturer,
			filter.Certifier != nil && rec.Certifier != *filter.Certifier,
			filter.Status != nil && status != *filter.Status,
			filter.Rule != nil && c.Rule.Code != *filter.Rule,
			filter.Company != nil && rec.Manufacturer != *filter.Company && !strings.Contains(c.Holder.NameEN+c.Holder.NameZH+c.Manufacturer.NameEN+c.Manufacturer.NameZH, *filter.Company),
			filter.ProductCode != nil && !slices.ContainsFunc(c.Product.Codes, func(pc footprint.ProductCode) bool { return strings.HasPrefix(pc.Code, *filter.ProductCode) }):
			continue
		}
		cp := *rec
		out = append(out, &cp)
	}
	slices.SortFunc(out, func(x, y *footprint.CertificateRecord) int {
		return strings.Compare(x.Certificate().Number, y.Certificate().Number)
	})
	return out, "", nil
}

func (f *fakeCertification) SetCertificateStatus(ctx context.Context, id uuid.UUID, to footprint.CertificateStatus, reason string) (*footprint.CertificateRecord, error) {
	if strings.TrimSpace(reason) == "" {
		return nil, footprint.FieldErrorf(footprint.EINVALID, "reason", "a reason is required")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	rec, ok := f.certs[id]
	if !ok {
		return nil, footprint.Errorf(footprint.ENOTFOUND, "certificate %s not found", id)
	}
	action, err := footprint.CertificateTransition(rec.Status, to)
	if err != nil {
		return nil, err
	}
	rec.Status, rec.StatusReason, rec.StatusChangedAt = to, reason, f.now()
	f.event(ctx, action, "certificate/"+id.String(), reason)
	cp := *rec
	return &cp, nil
}

func (f *fakeCertification) ReissueCertificate(ctx context.Context, id uuid.UUID, build footprint.CertificateBuilder) (*footprint.CertificateRecord, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	old, ok := f.certs[id]
	if !ok {
		return nil, footprint.Errorf(footprint.ENOTFOUND, "certificate %s not found", id)
	}
	if old.Status != footprint.CertificateValid && old.Status != footprint.CertificateSuspended {
		return nil, footprint.Errorf(footprint.ECONFLICT, "certificate is %s", old.Status)
	}
	now := f.now().UTC().Truncate(time.Second)
	sc, err := build(footprint.FormatCertificateNumber(footprint.CertificateNumberPrefix, now.Year(), f.seq+1), now)
	if err != nil {
		return nil, err
	}
	if sc.Certificate.Supersedes != id || sc.Certificate.Revision != old.Certificate().Revision+1 {
		return nil, footprint.Errorf(footprint.EINVALID, "reissue must supersede %s with revision %d", id, old.Certificate().Revision+1)
	}
	f.seq++
	rec := &footprint.CertificateRecord{Signed: sc, Status: footprint.CertificateValid, StatusChangedAt: now, ApplicationID: old.ApplicationID, Manufacturer: old.Manufacturer, Certifier: old.Certifier}
	f.certs[sc.Certificate.ID] = rec
	old.Status, old.SupersededBy, old.StatusChangedAt = footprint.CertificateSuperseded, sc.Certificate.ID, now
	f.event(ctx, footprint.AuditCertificateReissue, "certificate/"+sc.Certificate.ID.String(), "supersedes "+id.String())
	cp := *rec
	return &cp, nil
}

func (f *fakeCertification) FindAuditEvents(_ context.Context, filter footprint.AuditFilter) ([]*footprint.AuditEvent, string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	start := 0
	if filter.Cursor != "" {
		n, err := strconv.Atoi(filter.Cursor)
		if err != nil || n < 0 {
			return nil, "", footprint.FieldErrorf(footprint.EINVALID, "cursor", "invalid cursor")
		}
		start = n
	}
	limit := filter.Limit
	if limit == 0 {
		limit = footprint.DefaultLimit
	}
	var out []*footprint.AuditEvent
	next := ""
	seen := 0
	for i := len(f.audit) - 1; i >= 0; i-- {
		e := f.audit[i]
		if filter.Subject != nil && e.Subject != *filter.Subject || filter.Actor != nil && e.Actor != *filter.Actor ||
			filter.Action != nil && e.Action != *filter.Action || filter.Since != nil && e.At.Before(*filter.Since) {
			continue
		}
		seen++
		if seen <= start {
			continue
		}
		if len(out) == limit {
			next = strconv.Itoa(start + limit)
			break
		}
		cp := *e
		out = append(out, &cp)
	}
	return out, next, nil
}

func (f *fakeCertification) RecordAuditEvent(ctx context.Context, action, subject, detail string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.event(ctx, action, subject, detail)
	return nil
}

func (f *fakeCertification) auditCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.audit)
}
