package factordb

import (
	"context"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// pactEndpointsBucket holds the suppliers' PACT hosts manufacturers
// registered to fetch footprints from: owner organisation + 0x00 + endpoint
// name → pactEndpointRecord. The client secret is stored as given (it must
// be presented to the supplier's host); the API never returns it.
var pactEndpointsBucket = []byte("pact_endpoints")

type pactEndpointRecord struct {
	V            int       `json:"v"`
	Name         string    `json:"name"`
	Owner        string    `json:"owner"`
	URL          string    `json:"url"`
	ClientID     string    `json:"client_id"`
	ClientSecret string    `json:"client_secret"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

func (r *pactEndpointRecord) version() int { return r.V }

func (r *pactEndpointRecord) domain() *pact.Endpoint {
	return &pact.Endpoint{Name: r.Name, Owner: r.Owner, URL: r.URL, ClientID: r.ClientID, ClientSecret: r.ClientSecret, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

func endpointPrefix(owner string) []byte { return append([]byte(owner), 0) }

func endpointKey(owner, name string) []byte { return append(endpointPrefix(owner), name...) }

// callerOrg returns the context's organisation; EUNAUTHORIZED without one.
func callerOrg(ctx context.Context) (string, error) {
	p := access.PrincipalFromContext(ctx)
	if p == nil || p.Org == "" {
		return "", footprint.Errorf(footprint.EUNAUTHORIZED, "authentication required")
	}
	return p.Org, nil
}

var _ pact.EndpointStore = (*CertificationService)(nil)

// SaveEndpoint implements pact.EndpointStore.
func (s *CertificationService) SaveEndpoint(ctx context.Context, e *pact.Endpoint) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	owner, err := callerOrg(ctx)
	if err != nil {
		return false, err
	}
	if err := e.Validate(); err != nil {
		return false, err
	}
	created := false
	err = s.db.db.Update(func(tx *bolt.Tx) error {
		now := s.db.now()
		b := tx.Bucket(pactEndpointsBucket)
		rec := pactEndpointRecord{V: recordV1, Name: e.Name, Owner: owner, URL: e.URL, ClientID: e.ClientID, ClientSecret: e.ClientSecret, CreatedAt: now, UpdatedAt: now}
		var old pactEndpointRecord
		if ok, err := getJSON(b, endpointKey(owner, e.Name), &old); err != nil {
			return err
		} else if ok {
			rec.CreatedAt = old.CreatedAt
		} else {
			created = true
		}
		if err := putJSON(b, endpointKey(owner, e.Name), &rec); err != nil {
			return err
		}
		*e = *rec.domain()
		// The detail names the host and client, never the secret.
		return audit(ctx, tx, now, pact.AuditEndpointSave, "pact-endpoint/"+owner+"/"+e.Name, fmt.Sprintf("%s as client %q", e.URL, e.ClientID))
	})
	return created, internal("save PACT endpoint", err)
}

// FindEndpoint implements pact.EndpointStore.
func (s *CertificationService) FindEndpoint(ctx context.Context, name string) (*pact.Endpoint, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	owner, err := callerOrg(ctx)
	if err != nil {
		return nil, err
	}
	var rec pactEndpointRecord
	err = s.db.db.View(func(tx *bolt.Tx) error {
		return findJSON(tx.Bucket(pactEndpointsBucket), endpointKey(owner, name), &rec, fmt.Sprintf("PACT endpoint %q", name))
	})
	if err != nil {
		return nil, internal("find PACT endpoint", err)
	}
	return rec.domain(), nil
}

// FindEndpoints implements pact.EndpointStore.
func (s *CertificationService) FindEndpoints(ctx context.Context) ([]*pact.Endpoint, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	owner, err := callerOrg(ctx)
	if err != nil {
		return nil, err
	}
	out := []*pact.Endpoint{}
	err = s.db.db.View(func(tx *bolt.Tx) error {
		return scanPrefix(tx.Bucket(pactEndpointsBucket), endpointPrefix(owner), func(rec *pactEndpointRecord) error {
			out = append(out, rec.domain())
			return nil
		})
	})
	return out, internal("find PACT endpoints", err)
}
