package api

import (
	"context"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/footprint"
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

// pactOwnerChangeFinder is pactChangeFinder for the data owner's changes
// only, not a stored document today's checks refuse (factordb's
// CertificationService has it).
type pactOwnerChangeFinder interface {
	FindPACTOwnerChange(ctx context.Context, studyID string) (field, message string, err error)
}

// isRefusedPACT reports whether err is the store's refusal of a stored
// supplier PACT footprint by today's checks (pact.RefusedError): the
// document was stored before a check that refuses it now.
func isRefusedPACT(err error) bool {
	_, ok := errors.AsType[*pact.RefusedError](err)
	return ok
}

// recheckApplication is recheckFetchedPACT for the study of a pending
// application, as checkReviewDigest read it; nil, an application no
// longer pending, is not issued: the issue says so.
func (s *Server) recheckApplication(ctx context.Context, st *footprint.Study) error {
	if st == nil {
		return nil
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
	// its own words: no host needs asking. A document today's checks
	// refuse is not such a change here (FindPACTOwnerChange): its host
	// is asked, and says what it serves now.
	if f, ok := s.CertificationService.(pactOwnerChangeFinder); ok {
		if _, msg, err := f.FindPACTOwnerChange(ctx, st.ID); err != nil || msg != "" {
			return err
		}
	} else if f, ok := s.CertificationService.(pactChangeFinder); ok {
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
// again, through the first of the owner's endpoints at that host, and
// refuses when the host no longer serves it as stored.
func (s *Server) recheckFootprint(ctx context.Context, st *footprint.Study, ref string, sup *pact.Supplier, endpoints []*pact.Endpoint) error {
	ans, err := s.askHostAgain(ctx, ref, sup, endpoints)
	if err != nil || ans.kind == pact.HostSame {
		return err
	}
	return footprint.FieldErrorf(footprint.ECONFLICT, pact.SupplierLinePath(st, ref),
		"研究 %[1]s 所用的供应商足迹 %[2]s 取自 %[3]s，复核时%[4]s：不能据此申请或签发证书。The supplier footprint %[2]s that study %[1]s used was fetched from %[3]s; asked again, %[5]s: no certificate is applied for or issued on it",
		st.ID, ref, truncate(sup.FetchedFrom, 200), ans.zh, ans.en)
}

// hostAnswer is what a footprint's host answered when asked again: a
// pact.Host* kind, or hostDeprecated or hostLater (doc is then the
// document it served, which a fetch stores), and in what words.
type hostAnswer struct {
	kind   string
	doc    []byte
	source string // the URL doc was read from
	client string // the client ID of the endpoint asked
	zh, en string
}

// Kinds of hostAnswer beside pact.Host*: what a fetch stores.
const (
	hostDeprecated = "deprecated"
	hostLater      = "later"
)

// askHostAgain asks the host footprint sup was fetched from for it again,
// through the first of the owner's endpoints at that host, and compares
// its answer with sup as stored (sameFootprint). An error is the
// service's own failure, not the host's.
func (s *Server) askHostAgain(ctx context.Context, ref string, sup *pact.Supplier, endpoints []*pact.Endpoint) (hostAnswer, error) {
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
		return hostAnswer{kind: pact.HostUnreachable, zh: "研究所有者已不再登记该 PACT 主机（无法向其复核）",
			en: "the study's owner no longer registers that PACT host, so it cannot be asked; register it again (POST /v1/pact/endpoints)"}, nil
	case !s.pactHostAllowed(ep.URL):
		return hostAnswer{kind: pact.HostUnreachable, zh: "该主机已不在本服务的供应商 PACT 主机名单上",
			en: "that host is no longer on this server's list of supplier PACT hosts"}, nil
	}
	doc, source, err := s.fetchPACTFootprint(ctx, ep, sup.ID)
	if err != nil {
		if footprint.ErrorCode(err) != footprint.EINVALID {
			return hostAnswer{}, err
		}
		kind := pact.HostUnreachable
		if _, ok := errors.AsType[notServedError](err); ok {
			kind = pact.HostWithdrawn
		}
		zh, en := halves(footprint.ErrorMessage(err))
		return hostAnswer{kind: kind, zh: "该主机未给出此足迹（" + truncate(zh, 300) + "）",
			en: "the host did not give it (" + truncate(en, 300) + "); the footprint cannot be confirmed as its data owner's"}, nil
	}
	served := hostAnswer{doc: doc, source: source, client: ep.ClientID}
	now, err := pact.ParseSupplier(doc)
	if err == nil {
		// A figure by the CCU credit approach is refused as an upload and
		// a fetch are (red team 69): a study is not applied for or
		// certified on it, a certificate on it is flagged.
		err = now.CheckCCUCredit()
	}
	if _, ok := errors.AsType[*pact.DeprecatedError](err); ok {
		served.kind, served.zh, served.en = hostDeprecated, "其数据所有者已将其弃用（Deprecated）",
			"its data owner has deprecated it; fetch it again (POST /v1/pact/endpoints/{name}/fetch), which records that, and recalculate with the current footprint"
		return served, nil
	} else if err != nil {
		zh, en := halves(footprint.ErrorMessage(err))
		served.kind, served.zh, served.en = pact.HostChanged, "该主机现在给出的文件已不能通过检查（"+truncate(zh, 300)+"）",
			"the host now serves a document that fails the checks ("+truncate(en, 300)+")"
		return served, nil
	}
	if now.Version != sup.Version {
		served.kind, served.zh, served.en = hostLater, "该主机现在给出版本 "+strconv.Itoa(now.Version)+"，研究所用为版本 "+strconv.Itoa(sup.Version),
			"the host now serves version "+strconv.Itoa(now.Version)+" where the study used version "+strconv.Itoa(sup.Version)+"; fetch it again and recalculate the study"
		if now.Version < sup.Version {
			served.kind = pact.HostChanged // an earlier version: no fetch stores it
		}
		return served, nil
	}
	if !sameFootprint(sup, now, ref) {
		served.kind, served.zh, served.en = pact.HostChanged, "该主机在同一编号和版本下给出了不同的内容（数据所有者已更改该足迹）",
			"the host now serves another document under the same id and version (its data owner changed the footprint); fetch it again and recalculate the study"
		return served, nil
	}
	served.kind = pact.HostSame
	return served, nil
}

// halves is a bilingual message's Chinese (without its closing 。) and
// English, to be set into the two halves of another; a message in one
// language is both.
func halves(msg string) (zh, en string) {
	if z, e, ok := splitBilingual(msg); ok {
		return strings.TrimSuffix(z, "。"), e
	}
	return msg, msg
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
