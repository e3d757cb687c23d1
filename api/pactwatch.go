package api

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// The periodic re-read of fetched PACT footprints (red team 55): the
// pre-issue re-read (pactrecheck.go) asks a supplier's host once, before
// the certificate; afterwards only a fetch its manufacturer had no reason
// to make would record the data owner's change. pcf serve therefore asks
// the hosts again every --pact-recheck-interval for each fetched footprint
// a valid certificate rests on, in the version its study used, through the
// study owner's endpoint (askHostAgain, the pre-issue comparison), and
// records what is not the footprint as stored:
//   - a later version or a Deprecated document: stored as a fetch stores
//     it (SaveFetchedFootprint, for the owner);
//   - another document under the same id and version (or an earlier
//     version, or one failing the checks), or 404 on both routes: recorded
//     at once (RecordPACTHostAnswer);
//   - no answer (a network error, a timeout, a 5xx, a refused token; or the
//     owner no longer registers the host, or it left the allow-list):
//     recorded after PACTRecheckFailures passes in a row, as one outage is
//     not the data owner's word.
//
// Each recorded change flags the certificates resting on the footprint
// (GET /v1/certificates?flagged=true, supplier_footprint_change) until
// their certifier reviews them. The public verification never calls a
// supplier host: it reads what the passes stored.

// PACTRecheckFailures is how many re-reads in a row a host may not answer
// before the certificates resting on its footprint are flagged: with the
// default interval of a day, three days.
const PACTRecheckFailures = 3

// pactRecheckWorkers is how many footprints are asked for at once: a
// host that never answers holds one worker for fetchPACTFootprint's
// minute, not the pass.
const pactRecheckWorkers = 4

// pactRecheckFirstPass is how long after the start the first pass runs.
const pactRecheckFirstPass = time.Minute

// pactHostRecorder records a host's answer (factordb's
// CertificationService has it).
type pactHostRecorder interface {
	RecordPACTHostAnswer(ctx context.Context, a pact.HostAnswer, failuresToFlag int) (bool, error)
}

// PACTRecheckResult counts what one pass found.
type PACTRecheckResult struct {
	Asked       int // footprints asked for
	Same        int // served as stored
	Stored      int // a later version or a deprecation, stored
	Flagged     int // footprints whose certificates are flagged after the pass
	Unreachable int // no answer this pass (flagged or not yet)
	Errors      int // the service's own failures (logged)
}

// pactRecheckTarget is one fetched footprint, in one version, of one owner.
type pactRecheckTarget struct {
	owner string
	ref   string
	sup   *pact.Supplier
}

// RecheckPACTHosts runs one pass of the periodic re-read.
func (s *Server) RecheckPACTHosts(ctx context.Context) (PACTRecheckResult, error) {
	var res PACTRecheckResult
	finder, ok := s.CertificationService.(pactSupplierFinder)
	recorder, ok2 := s.CertificationService.(pactHostRecorder)
	endpoints, ok3 := s.PACTSuppliers.(ownerEndpointFinder)
	if !ok || !ok2 || !ok3 || s.StudyService == nil {
		return res, nil
	}
	valid := certification.CertificateValid
	seen := map[string]bool{}
	var targets []pactRecheckTarget
	for rec, err := range certification.AllCertificates(ctx, s.CertificationService, certification.CertificateFilter{Status: &valid, Now: time.Now()}) {
		if err != nil {
			return res, err
		}
		cert := rec.Certificate()
		studyID := cert.StudyID
		// A format-3 supplier list names every PACT footprint the study
		// used (as pactChange reads it): one naming none needs no study.
		if studyID == "" || seen["study "+studyID] || cert.Format >= 3 && !slices.ContainsFunc(rec.SupplierList, certification.CertificateSupplier.IsPACT) {
			continue
		}
		seen["study "+studyID] = true
		st, err := s.StudyService.FindStudyByID(ctx, studyID)
		if footprint.ErrorCode(err) == footprint.ENOTFOUND {
			continue
		} else if err != nil {
			return res, err
		}
		for _, ref := range st.SupplierIDs() {
			if !pact.IsSupplierRef(ref) {
				continue
			}
			sup, err := finder.FindPACTSupplier(ctx, st, ref)
			if footprint.ErrorCode(err) == footprint.ENOTFOUND || isRefusedPACT(err) {
				// A document today's checks refuse (stored before
				// them) has no figure to compare with its host's: it
				// is passed over, and the re-read goes on to the
				// others (before, it stopped the whole run).
				continue
			} else if err != nil {
				return res, err
			}
			key := fmt.Sprintf("%s %s %d", st.Owner, sup.ID, sup.Version)
			if sup.FetchedFrom == "" || seen[key] {
				continue
			}
			seen[key] = true
			targets = append(targets, pactRecheckTarget{owner: st.Owner, ref: ref, sup: sup})
		}
	}

	var mu sync.Mutex // guards res and owners
	owners := map[string][]*pact.Endpoint{}
	ownerEndpoints := func(owner string) ([]*pact.Endpoint, error) {
		mu.Lock()
		defer mu.Unlock()
		if eps, ok := owners[owner]; ok {
			return eps, nil
		}
		eps, err := endpoints.FindOwnerEndpoints(ctx, owner)
		if err == nil { // a failed read is not "no endpoints": the next target reads again
			owners[owner] = eps
		}
		return eps, err
	}
	work := make(chan pactRecheckTarget)
	var wg sync.WaitGroup
	for range min(pactRecheckWorkers, len(targets)) {
		wg.Go(func() {
			for t := range work {
				eps, err := ownerEndpoints(t.owner)
				var outcome string
				if err == nil {
					outcome, err = s.recheckHeld(ctx, recorder, t, eps)
				}
				mu.Lock()
				res.Asked++
				switch outcome {
				case pact.HostSame:
					res.Same++
				case "stored":
					res.Stored++
				case "flagged":
					res.Flagged++
				case pact.HostUnreachable:
					res.Unreachable++
				case "unreachable, flagged":
					res.Unreachable++
					res.Flagged++
				}
				if err != nil {
					res.Errors++
				}
				mu.Unlock()
				if err != nil && ctx.Err() == nil {
					s.Logger.Error("PACT re-read", "owner", t.owner, "footprint", t.ref, "version", t.sup.Version, "error", err)
				}
			}
		})
	}
	for _, t := range targets {
		select {
		case work <- t:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
	}
	close(work)
	wg.Wait()
	return res, ctx.Err()
}

// recheckHeld asks footprint t's host again and records its answer; it
// returns what it did: pact.HostSame, "stored", "flagged",
// pact.HostUnreachable (not flagged yet) or "unreachable, flagged".
func (s *Server) recheckHeld(ctx context.Context, recorder pactHostRecorder, t pactRecheckTarget, eps []*pact.Endpoint) (string, error) {
	ans, err := s.askHostAgain(ctx, t.ref, t.sup, eps)
	if err != nil {
		return "", err
	}
	a := pact.HostAnswer{Owner: t.owner, ID: t.sup.ID, Version: t.sup.Version, Source: t.sup.FetchedFrom, Kind: ans.kind, DetailZH: ans.zh, DetailEN: ans.en}
	if ans.kind == hostDeprecated || ans.kind == hostLater {
		// Stored as the owner's fetch would store it: the store's own
		// record of the change flags the certificates.
		saver, ok := s.PACTSuppliers.(fetchedFootprintSaver)
		if !ok {
			return "", nil
		}
		owner := access.NewContextWithPrincipal(ctx, &access.Principal{Org: t.owner, Role: access.RoleManufacturer})
		_, _, err := saver.SaveFetchedFootprint(owner, ans.doc, ans.source, ans.client)
		if err == nil {
			a.Kind, a.DetailZH, a.DetailEN = pact.HostSame, "", ""
			_, err = recorder.RecordPACTHostAnswer(ctx, a, PACTRecheckFailures)
			return "stored", err
		}
		if code := footprint.ErrorCode(err); code != footprint.EINVALID && code != footprint.ECONFLICT {
			return "", err
		}
		// The store refuses it (a later version of a period not ended,
		// another data owner's document): the host no longer serves the
		// footprint as stored all the same.
		a.Kind = pact.HostChanged
		zh, en := halves(footprint.ErrorMessage(err)) // each half its own language
		a.DetailZH += "；" + truncate(zh, 300)
		a.DetailEN += "; " + truncate(en, 300)
	}
	flagged, err := recorder.RecordPACTHostAnswer(ctx, a, PACTRecheckFailures)
	switch {
	case err != nil:
		return "", err
	case a.Kind == pact.HostSame:
		return pact.HostSame, nil
	case a.Kind == pact.HostUnreachable && flagged:
		return "unreachable, flagged", nil
	case a.Kind == pact.HostUnreachable:
		return pact.HostUnreachable, nil
	}
	return "flagged", nil
}

// StartPACTRecheck starts the periodic re-read every interval (none when
// interval is not positive), in a goroutine of its own that stops when
// the server closes (Close).
func (s *Server) StartPACTRecheck(interval time.Duration) {
	if interval <= 0 || s.PACTSuppliers == nil {
		return
	}
	s.pact.wg.Add(1)
	go func() {
		defer s.pact.wg.Done()
		// The first pass a minute after the start (sooner with a shorter
		// interval), not an interval later: a server restarted more often
		// than its interval would never ask.
		timer := time.NewTimer(min(interval, pactRecheckFirstPass))
		defer timer.Stop()
		for {
			select {
			case <-s.pact.ctx.Done():
				return
			case <-timer.C:
			}
			timer.Reset(interval)
			start := time.Now()
			res, err := s.RecheckPACTHosts(s.pact.ctx)
			if err != nil && s.pact.ctx.Err() == nil {
				s.Logger.Error("PACT re-read pass", "error", err)
			}
			s.Logger.Info("PACT re-read pass", "asked", res.Asked, "same", res.Same, "stored", res.Stored,
				"flagged", res.Flagged, "unreachable", res.Unreachable, "errors", res.Errors, "took", time.Since(start).Round(time.Millisecond))
		}
	}()
}
