package factordb

import (
	"context"

	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/footprint/access"
)

// CreateOrganizationAsBefore records org, indexed and audited as
// CreateOrganization records it, without the store's checks of its
// register (checkRegister): a body registered before a check refused its
// entries (a list separator in a signatory, signatorySeparators), which
// Check still reads.
func CreateOrganizationAsBefore(ctx context.Context, db *DB, org *access.Organization) error {
	org.CreatedAt = db.now()
	return db.db.Update(func(tx *bolt.Tx) error {
		if err := indexOrg(tx, org.Name, orgKeys(org)...); err != nil {
			return err
		}
		if err := putJSON(tx.Bucket(orgsBucket), []byte(org.Name), &orgRecord{V: recordV1, Organization: *org}); err != nil {
			return err
		}
		return audit(ctx, tx, org.CreatedAt, access.AuditOrganizationCreate, "organization/"+org.Name, orgCreateDetail(org))
	})
}

// SetRegisterAsBefore replaces the register of certifier name, audited as
// SetOrganizationRegister audits it, without the store's checks of its
// entries (as CreateOrganizationAsBefore).
func SetRegisterAsBefore(ctx context.Context, db *DB, name string, signatories, scope []string) error {
	return db.db.Update(func(tx *bolt.Tx) error {
		var rec orgRecord
		b := tx.Bucket(orgsBucket)
		if err := findJSON(b, []byte(name), &rec, "organisation %q not found", name); err != nil {
			return err
		}
		rec.Signatories, rec.Scope, rec.RegisterAt = signatories, scope, db.now()
		if err := putJSON(b, []byte(name), &rec); err != nil {
			return err
		}
		return audit(ctx, tx, rec.RegisterAt, access.AuditOrganizationRegister, "organization/"+name, orgCreateDetail(&rec.Organization))
	})
}
