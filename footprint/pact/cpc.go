package pact

import (
	"context"
	"regexp"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/google/uuid"
)

// A PACT v2 footprint must name a UN CPC code (productCategoryCpc), which
// many certificates lack: the studies name HS and Chinese classification
// codes, and the service has no sourced HS-to-CPC correspondence. The
// holder may declare the code of its product for PACT v2 once, after
// certification. It is the holder's statement, not the certifier's: the
// v2 footprint says so, and the v3 footprint (which needs no CPC) does not
// change. Declared once, it never changes, so the v2 footprint does not
// either (PACT v2 §6: a change would need a new version).

// DeclaredCPC is a holder's declaration of its product's CPC code.
type DeclaredCPC struct {
	FootprintID uuid.UUID
	Code        string // UN CPC 2.1 code, 1 to 5 digits
	Holder      string
	DeclaredAt  time.Time
}

var cpcRe = regexp.MustCompile(`^[0-9]{1,5}$`)

// ValidateCPC returns EINVALID naming field unless code is a UN CPC code
// (1 to 5 digits: section to subclass).
func ValidateCPC(field, code string) error {
	if !cpcRe.MatchString(code) {
		return footprint.FieldErrorf(footprint.EINVALID, field, "%q is not a UN CPC code (1 to 5 digits, e.g. 46211)", code)
	}
	return nil
}

// AuditCPCDeclare is the audit action of a declaration.
const AuditCPCDeclare = "pact-cpc.declare"

// CPCStore keeps the holders' declarations.
type CPCStore interface {
	// DeclareCPC records the CPC code of a certificate's product. The
	// caller must hold the certificate (ENOTFOUND otherwise). Returns
	// EINVALID for a malformed code or a certificate that names a CPC code
	// itself, and ECONFLICT for another code than the one declared or a
	// certificate that is not valid (suspended, withdrawn, superseded,
	// expired: field "status"); the same code again is not a change
	// (created false).
	DeclareCPC(ctx context.Context, id uuid.UUID, code string) (d *DeclaredCPC, created bool, err error)

	// DeclaredCPCs returns the declared codes of the footprints ids, by
	// footprint (one without a declaration is absent).
	DeclaredCPCs(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]string, error)
}

// WithDeclaredCPC sets the CPC code a holder declared on a footprint whose
// certificate names none (the v2 form then exists and says whose
// statement it is); a footprint with its own CPC code is returned as it
// is.
func (f *Footprint) WithDeclaredCPC(code string) *Footprint {
	if f.CPC != "" || code == "" {
		return f
	}
	g := *f
	g.CPC, g.cpcDeclared = code, true
	return &g
}

// cpcNote is added to the comment of a v2 footprint whose CPC code the
// holder declared.
const cpcNote = " productCategoryCpc was declared by the holder after certification; it is not part of the certificate."
