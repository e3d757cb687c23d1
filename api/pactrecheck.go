package api

import (
	"context"
	"errors"
	"reflect"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// A supplier's PACT footprint the service fetched from the supplier's PACT
// host (pactfetch.go) is the data owner's word only as it stood at the
// fetch. Before an application for a study that uses one, and again before
// its certifier issues the certificate, the service asks the host again,
// with the credentials the study's owner registered for it, and refuses
// (409, naming the BOM line) when the host no longer serves that footprint
// as the study used it: another document under the same id and version,
// a later version, a Deprecated one, none at all, or no answer (red team
// 55: a footprint fetched once was certified on whatever the host had
// withdrawn or changed since). A footprint a manufacturer uploaded has no
// host to ask: the certifier's review marks it as the manufacturer's copy.

// ownerEndpointFinder lists the PACT endpoints an organisation registered,
// with their credentials (factordb's CertificationService has it).
type ownerEndpointFinder interface {
	FindOwnerEndpoints(ctx context.Context, owner string) ([]*pact.Endpoint, error)
}

// pactChangeReviewer reports whether a certificate's supplier PACT
// footprint changed since its certifier's last review (factordb's
// CertificationService has it): the workbench offers the review then.
type pactChangeReviewer interface {
	PACTChangePending(ctx context.Context, id uuid.UUID) (bool, error)
}

// recheckApplication is recheckFetchedPACT for the study of application a.
// An application no longer pending is not issued: the issue says so.
func (s *Server) recheckApplication(ctx context.Context, a *certification.Application) error {
	if a.Status != certification.ApplicationPending {
		return nil
	}
	st, err := s.StudyService.FindStudyByID(ctx, a.StudyID)
	if err != nil {
		return err
	}
	return s.recheckFetchedPACT(ctx, st)
}

// recheckFetchedPACT asks the supplier's host again for each PACT footprint
// study st uses that the service fetched, in the version st's result used,
// and returns ECONFLICT naming the BOM line when the host's answer is not
// that footprint as stored.
func (s *Server) recheckFetchedPACT(ctx context.Context, st *footprint.Study) error {
	finder, ok := s.CertificationService.(pactSupplierFinder)
	if !ok {
		return nil
	}
	// A change the store already holds (a deprecation, a later version, a
	// replacement, fetched since) refuses the application and the issue in
	// its own words: no host needs asking.
	if f, ok := s.CertificationService.(pactChangeFinder); ok {
		if _, msg, err := f.FindPACTChange(ctx, st.ID); err != nil || msg != "" {
			return err
		}
	}
	var endpoints []*pact.Endpoint
	read := false
	for _, ref := range st.SupplierIDs() {
		if !pact.IsSupplierRef(ref) {
			continue
		}
		sup, err := finder.FindPACTSupplier(ctx, st, ref)
		if footprint.ErrorCode(err) == footprint.ENOTFOUND {
			continue // the application and the issue name it
		} else if err != nil {
			return err
		}
		if sup.FetchedFrom == "" {
			continue
		}
		if !read {
			if f, ok := s.PACTSuppliers.(ownerEndpointFinder); ok {
				if endpoints, err = f.FindOwnerEndpoints(ctx, st.Owner); err != nil {
					return err
				}
			}
			read = true
		}
		if err := s.recheckFootprint(ctx, st, ref, sup, endpoints); err != nil {
			return err
		}
	}
	return nil
}

// recheckFootprint asks the host footprint sup was fetched from for it
// again, through the first of the owner's endpoints at that host.
func (s *Server) recheckFootprint(ctx context.Context, st *footprint.Study, ref string, sup *pact.Supplier, endpoints []*pact.Endpoint) error {
	line := pact.SupplierLinePath(st, ref)
	refuse := func(zh, en string) error {
		return footprint.FieldErrorf(footprint.ECONFLICT, line,
			"研究 %[1]s 所用的供应商足迹 %[2]s 取自 %[3]s，复核时%[4]s：不能据此申请或签发证书。The supplier footprint %[2]s that study %[1]s used was fetched from %[3]s; asked again, %[5]s: no certificate is applied for or issued on it",
			st.ID, ref, truncate(sup.FetchedFrom, 200), zh, en)
	}
	// The endpoint at the base URL it came from, with the client ID it
	// came through when that is recorded: one host may serve several data
	// owners, each to its own credentials.
	var ep *pact.Endpoint
	base := pact.FetchBase(sup.FetchedFrom)
	for _, e := range endpoints {
		if pact.FetchBase(e.URL) == base && (sup.FetchedClient == "" || e.ClientID == sup.FetchedClient) {
			ep = e
			break
		}
	}
	switch {
	case ep == nil:
		return refuse("研究所有者已不再登记该 PACT 主机（无法向其复核）",
			"the study's owner no longer registers that PACT host, so it cannot be asked; register it again (POST /v1/pact/endpoints)")
	case !s.pactHostAllowed(ep.URL):
		return refuse("该主机已不在本服务的供应商 PACT 主机名单上",
			"that host is no longer on this server's list of supplier PACT hosts")
	}
	doc, _, err := s.fetchPACTFootprint(ctx, ep, sup.ID)
	if err != nil {
		if footprint.ErrorCode(err) != footprint.EINVALID {
			return err
		}
		return refuse("该主机未给出此足迹（"+truncate(footprint.ErrorMessage(err), 300)+"）",
			"the host did not give it ("+truncate(footprint.ErrorMessage(err), 300)+"); the footprint cannot be confirmed as its data owner's")
	}
	now, err := pact.ParseSupplier(doc)
	if _, ok := errors.AsType[*pact.DeprecatedError](err); ok {
		return refuse("其数据所有者已将其弃用（Deprecated）",
			"its data owner has deprecated it; fetch it again (POST /v1/pact/endpoints/{name}/fetch), which records that, and recalculate with the current footprint")
	} else if err != nil {
		return refuse("该主机现在给出的文件已不能通过检查（"+truncate(footprint.ErrorMessage(err), 300)+"）",
			"the host now serves a document that fails the checks ("+truncate(footprint.ErrorMessage(err), 300)+")")
	}
	if now.Version != sup.Version {
		return refuse("该主机现在给出版本 "+strconv.Itoa(now.Version)+"，研究所用为版本 "+strconv.Itoa(sup.Version),
			"the host now serves version "+strconv.Itoa(now.Version)+" where the study used version "+strconv.Itoa(sup.Version)+"; fetch it again and recalculate the study")
	}
	if !sameFootprint(sup, now, ref) {
		return refuse("该主机在同一编号和版本下给出了不同的内容（数据所有者已更改该足迹）",
			"the host now serves another document under the same id and version (its data owner changed the footprint); fetch it again and recalculate the study")
	}
	return nil
}

// sameFootprint reports whether the footprint fetched now states what the
// stored one states, its provenance aside.
func sameFootprint(stored, now *pact.Supplier, ref string) bool {
	a, b := *stored, *now
	a.FetchedFrom, a.FetchedClient, a.StoredBy, a.StoredAt, a.DeprecatedAt = "", "", "", time.Time{}, time.Time{}
	b.FetchedFrom, b.FetchedClient, b.StoredBy, b.StoredAt, b.DeprecatedAt = "", "", "", time.Time{}, time.Time{}
	fa, fb := *a.Footprint, *b.Footprint
	fa.ID, fb.ID = ref, ref
	a.Footprint, b.Footprint = &fa, &fb
	return reflect.DeepEqual(a, b)
}
