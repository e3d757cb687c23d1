package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/labels"
)

// Which service answered for each certification body, as pcf verify
// --server found it before (red team 86). A forger who runs the service's
// own software on a look-alike address (its own keys, its certificates
// naming the genuine body and approval number, its QR codes and its
// verification page at that address) is, to a reader who asks it, a
// service like any other: its keys verify its certificates, it holds them,
// and it answers valid. Nothing in the file or the answer tells it from the
// certification service; the address the reader types does. pcf verify
// therefore remembers, per approval number, the service that answered for
// a genuine certificate of that body, and refuses to call GENUINE a
// certificate of the same body answered for by another: one of the two is
// not the certification service. A first look-alike is not caught (trust on
// first use, as ssh's known_hosts); the first genuine check is.

// knownServicesEnv names the file pcf verify remembers the services in;
// "off" turns the check off.
const knownServicesEnv = "PCF_KNOWN_SERVICES"

// knownServicesFormat tags the file's layout.
const knownServicesFormat = "pcf-known-services/1"

// knownServices is the file's content.
type knownServices struct {
	Format string               `json:"format"`
	Bodies map[string]knownBody `json:"bodies"` // by "approval:" and the approval number, "name:" and each name (bodyKeys)
}

// knownBody is the service that first answered for a body's certificate.
type knownBody struct {
	Service     string    `json:"service"`     // the --server address, as given
	Approval    string    `json:"approval"`    // the body's approval number, as signed then
	Names       string    `json:"names"`       // the body's names, as signed then
	Certificate string    `json:"certificate"` // the certificate's number
	Recorded    time.Time `json:"recorded"`
	// Keys are the IDs of the keys the service published (GET /v1/keys)
	// when asked at KeysAt, the last time it answered for the body; the
	// service publishes every key it ever signed with, retired or
	// compromised, so offline a keys file holding another key for a
	// certificate of the body issued before then is not the service's.
	Keys   []string  `json:"keys,omitempty"`
	KeysAt time.Time `json:"keys_at,omitzero"`
	// Marks are the retired and compromised times the service published
	// at KeysAt for those of Keys that had one (rf56, session 56): a keys
	// file saved before the service reported a key stolen lacks the mark
	// that refuses a thief's certificate, and offline the record's mark
	// stands in for the one the file omits (markedKeys). A record written
	// before holds none: nothing is known of the marks then.
	// A record written since holds the list, empty if no key had a mark.
	Marks []knownKeyMark `json:"marks"`
}

// knownKeyMark is what the service published of a key's end when asked.
type knownKeyMark struct {
	ID          string    `json:"id"`
	Retired     time.Time `json:"retired,omitzero"`
	Compromised time.Time `json:"compromised,omitzero"`
}

// keyMarks returns the marks of keys that have one.
func keyMarks(keys []certification.PublicKey) []knownKeyMark {
	out := []knownKeyMark{} // not nil: a record holding no list was written before marks were kept
	for _, k := range keys {
		if !k.Retired.IsZero() || !k.Compromised.IsZero() {
			out = append(out, knownKeyMark{ID: k.ID, Retired: k.Retired.UTC(), Compromised: k.Compromised.UTC()})
		}
	}
	return out
}

// markedKeys returns keys (a keys file's, offline) with the marks the
// record kb holds for key id that they lack: a compromised time the file omits, or a
// retired time it omits or gives later than the service did. The keys a
// file marks as the record does, or more, are returned as they are, and
// changed is empty. changed names each key marked, with what the record
// added, for the reader.
func markedKeys(keys []certification.PublicKey, kb *knownBody, id string) (out []certification.PublicKey, changed []knownKeyMark) {
	out = keys
	for _, m := range kb.Marks {
		if m.ID != id {
			continue
		}
		i := slices.IndexFunc(out, func(k certification.PublicKey) bool { return k.ID == m.ID })
		if i < 0 {
			continue
		}
		k, add := out[i], knownKeyMark{ID: m.ID}
		if !m.Compromised.IsZero() && k.Compromised.IsZero() {
			k.Compromised, add.Compromised = m.Compromised, m.Compromised
		}
		if !m.Retired.IsZero() && (k.Retired.IsZero() || m.Retired.Before(k.Retired)) {
			k.Retired, add.Retired = m.Retired, m.Retired
		}
		if add.Compromised.IsZero() && add.Retired.IsZero() {
			continue
		}
		if len(changed) == 0 {
			out = slices.Clone(keys)
		}
		out[i] = k
		changed = append(changed, add)
	}
	return out, changed
}

// knownServicesPath returns the file pcf verify remembers services in, ""
// when the check is off or there is no configuration directory.
func knownServicesPath() string {
	switch p := os.Getenv(knownServicesEnv); p {
	case "off":
		return ""
	case "":
		dir, err := os.UserConfigDir()
		if err != nil {
			return ""
		}
		return filepath.Join(dir, "pcf", "known-services.json")
	default:
		return p
	}
}

// errNoPlaceForKnownServices is the error of a record with no place: no
// user configuration directory ($HOME, $XDG_CONFIG_HOME unset, as for a
// service account or a job in a bare container) and $PCF_KNOWN_SERVICES
// unset. Said, not taken for "off" (rf55, session 55): the reader did not turn
// the record off.
var errNoPlaceForKnownServices = errors.New("no user configuration directory and $" + knownServicesEnv + " unset")

// errNotKnownServices is the error of a file that is not a record of known
// services (knownServicesFormat).
var errNotKnownServices = errors.New("not a " + knownServicesFormat + " file")

// knownServicesErrorZH is err, an error reading or writing the record of
// known services, in Chinese where it is this file's own.
func knownServicesErrorZH(err error) string {
	switch {
	case errors.Is(err, errNoPlaceForKnownServices):
		return "没有用户配置目录，也未设置 $" + knownServicesEnv
	case errors.Is(err, errNotKnownServices):
		return "不是 " + knownServicesFormat + " 格式的文件"
	case errors.Is(err, errKnownServicesBusy):
		return "另一个 pcf verify 正在使用"
	}
	return err.Error()
}

// readKnownServices reads the file at path; a file that does not exist is
// empty.
func readKnownServices(path string) (*knownServices, error) {
	ks := &knownServices{Format: knownServicesFormat, Bodies: map[string]knownBody{}}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return ks, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, ks); err != nil || ks.Format != knownServicesFormat {
		return nil, errNotKnownServices
	}
	if ks.Bodies == nil {
		ks.Bodies = map[string]knownBody{}
	}
	return ks, nil
}

// write writes the file at path, creating its directory: through a
// temporary file of its own, renamed over path, so that another pcf verify
// writing at once never installs it half written (reviewer 50:
// writeFileAtomic's one temporary name, path + ".tmp", is shared).
func (ks *knownServices) write(path string) error {
	b, err := json.MarshalIndent(ks, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	_, err = f.Write(append(b, '\n'))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		_ = os.Remove(f.Name())
	}
	return err
}

// knownServicesLockWait is how long a run waits for another to finish
// with the record of known services (lockKnownServices).
var knownServicesLockWait = 3 * time.Second

// errKnownServicesBusy is the error of a record another run holds locked.
var errKnownServicesBusy = errors.New("locked by another pcf verify")

// lockKnownServices takes the lock of the record at path and returns what
// releases it: runs of pcf verify at once each read the record another
// has written, and none writes over a body another recorded (reviewer 50).
// The lock is bbolt's lock of a file beside the record (flock, or
// LockFileEx on Windows), which the system releases when a run ends
// however it ends: a run that did not finish leaves no lock behind, and
// no run has to guess that a lock is stale.
func lockKnownServices(path string) (unlock func(), err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	db, err := bolt.Open(path+".lock", 0o600, &bolt.Options{Timeout: knownServicesLockWait})
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, errKnownServicesBusy
	}
	if err != nil {
		return nil, err
	}
	return func() { _ = db.Close() }, nil
}

// knownServiceCheck is what the memory says of a genuine certificate of a
// body answered for by the server at base.
type knownServiceCheck struct {
	path  string
	other *knownBody // the body was answered for by another service before
	// lookalike is a body the record holds answered for by a service
	// whose host is a look-alike of base's, when this body is new to the
	// record (lookAlikeOf): nothing is recorded then.
	lookalike *knownBody
	added     bool  // first seen: recorded now
	err       error // the file could not be read or written
}

// certifierNames returns the names of certificate c's certification body,
// Chinese then English, as the reader is told them.
func certifierNames(c *certification.Certificate) string {
	return strings.TrimSpace(c.Certifier.NameZH + " " + c.Certifier.NameEN)
}

// bodyKeys returns the keys a body is remembered under: its approval
// number and each of its names, as the service's register compares them
// when it registers a body (factordb.OrgNameKey: case, width, spacing,
// punctuation and Cyrillic or Greek look-alikes folded), so that a
// look-alike naming the body with another approval number, or with its
// name spelled with a dot more or a Cyrillic е, is caught too.
func bodyKeys(approval, nameZH, nameEN string) []string {
	var keys []string
	if a := factordb.OrgNameKey(approval); a != "" {
		keys = append(keys, "approval:"+a)
	}
	for _, n := range []string{nameZH, nameEN} {
		if n = factordb.OrgNameKey(n); n != "" {
			keys = append(keys, "name:"+n)
		}
	}
	return keys
}

// checkKnownService looks the body up in the file under each of keys and
// records base as its service, with the IDs of the keys it publishes,
// under those the file does not hold yet; under those it holds for base,
// it records the keys published now.
func checkKnownService(keys []string, body knownBody, base string) knownServiceCheck {
	path := knownServicesPath()
	if path == "" && os.Getenv(knownServicesEnv) != "off" && len(keys) > 0 {
		return knownServiceCheck{err: errNoPlaceForKnownServices}
	}
	if path == "" || len(keys) == 0 {
		return knownServiceCheck{}
	}
	unlock, err := lockKnownServices(path)
	if err != nil {
		return knownServiceCheck{path: path, err: err}
	}
	defer unlock()
	ks, err := readKnownServices(path)
	if err != nil {
		return knownServiceCheck{path: path, err: err}
	}
	for _, k := range keys {
		if prev, ok := ks.Bodies[k]; ok && !sameKnownService(base, prev.Service) {
			return knownServiceCheck{path: path, other: &prev}
		}
	}
	if !slices.ContainsFunc(keys, func(k string) bool { _, ok := ks.Bodies[k]; return ok }) {
		if o := lookAlikeOf(ks, base); o != nil {
			return knownServiceCheck{path: path, lookalike: o}
		}
	}
	body.Service, body.Recorded, body.KeysAt = base, body.Recorded.UTC().Truncate(time.Second), body.KeysAt.UTC()
	added := false
	for _, k := range keys {
		prev, ok := ks.Bodies[k]
		if !ok {
			ks.Bodies[k], added = body, true
			continue
		}
		prev.Keys, prev.KeysAt, prev.Marks = body.Keys, body.KeysAt, body.Marks
		ks.Bodies[k] = prev
	}
	if err := ks.write(path); err != nil {
		return knownServiceCheck{path: path, err: err}
	}
	return knownServiceCheck{path: path, added: added}
}

// sameKnownService reports whether base is the service recorded: the same
// service however spelled (sameService), or a recorded http address
// asked now over https, on the same host's default ports and path, which
// pcf verify follows as the same server (followRedirect): a service that
// gave up plain http is not another service (red team 89). The other way,
// a service recorded over https asked over plain http, stays another: on
// the way, anyone can answer for plain http.
func sameKnownService(base, recorded string) bool {
	if sameService(base, recorded) {
		return true
	}
	now, err1 := url.Parse(strings.TrimRight(base, "/"))
	then, err2 := url.Parse(strings.TrimRight(recorded, "/"))
	return err1 == nil && err2 == nil && now.EscapedPath() == then.EscapedPath() && strings.EqualFold(now.Scheme, "https") && followRedirect(then, now)
}

// knownServiceOf returns what the file remembers of the body under keys,
// for a check offline or of a server that did not answer, and the file's
// path; nil if nothing (or the memory is off). The error is the record's
// that cannot be read (not JSON, not a record, a directory, no permission)
// or has no place (errNoPlaceForKnownServices), as checkKnownService
// returns it online: the caller says the check was not made. It was passed
// over without a word offline, as though nothing were known of the body
// (reviewer 55b).
func knownServiceOf(keys []string) (*knownBody, string, error) {
	if len(keys) == 0 {
		return nil, "", nil
	}
	_, b, path, err := knownRecordOf(keys)
	if b == nil && err == nil {
		path = ""
	}
	return b, path, err
}

// knownRecordOf reads the record of known services once for a check
// offline, where the body's entry, the service on the certificate's host
// (serviceIn) and a look-alike of it (lookAlikeOf) are all looked up: the
// record (nil if off or unread), what it remembers of the body under keys,
// the file's path, and the error as knownServiceOf returns it (none for a
// body with no keys, of which there is nothing to say).
func knownRecordOf(keys []string) (*knownServices, *knownBody, string, error) {
	path := knownServicesPath()
	if path == "" {
		if os.Getenv(knownServicesEnv) != "off" && len(keys) > 0 {
			return nil, nil, "", errNoPlaceForKnownServices
		}
		return nil, nil, "", nil
	}
	ks, err := readKnownServices(path)
	if err != nil {
		if len(keys) == 0 {
			err = nil
		}
		return nil, nil, path, err
	}
	for _, k := range keys {
		if b, ok := ks.Bodies[k]; ok {
			return ks, &b, path, nil
		}
	}
	return ks, nil, path, nil
}

// sayKnownServicesUnread warns, on w, that the record of known services
// could not be used (err: it has no place, or the file at path cannot be
// read or written), so the check it serves was not made: with base (the
// server asked), whether the same service answered for the body names
// before; offline (base ""), whether the service remembered for the body
// published the signing key. The verdict stands as it is without the
// record; the reader is told what was not checked.
func sayKnownServicesUnread(w io.Writer, err error, path, names, base string) {
	noPlace := errors.Is(err, errNoPlaceForKnownServices)
	switch {
	case base != "" && noPlace:
		say(w, "  WARNING 警告", labels.Line{
			ZH: fmt.Sprintf("已知服务记录无处存放（%s），未记录也未核对此前为认证机构 %s 答复的服务：仅当 %s 是你所知道的认证服务地址时，它才是认证服务（仿冒的地址运行同样的软件，也会答复真实、有效）。请将 $%s 设为记录文件的路径", knownServicesErrorZH(err), names, base, knownServicesEnv),
			EN: fmt.Sprintf("the record of known services has no place (%v): nothing was recorded or compared of the service that answered for the body %s before; it is the certification service only if %s is the service's address as you know it (a look-alike address running the same software answers genuine and valid too). Set $%s to the record's path", err, names, base, knownServicesEnv)})
	case base != "":
		say(w, "  WARNING 警告", labels.Line{
			ZH: fmt.Sprintf("无法读写已知服务记录 %s（%s），未核对答复本证书的服务是否与此前相同", path, knownServicesErrorZH(err)),
			EN: fmt.Sprintf("cannot read or write the record of known services %s (%v): whether the same service answered for this body before was not checked", path, err)})
	case noPlace:
		say(w, "  WARNING 警告", labels.Line{
			ZH: fmt.Sprintf("已知服务记录无处存放（%s），未核对签名密钥是否为此前为认证机构 %s 答复的服务所公布的。请将 $%s 设为记录文件的路径", knownServicesErrorZH(err), names, knownServicesEnv),
			EN: fmt.Sprintf("the record of known services has no place (%v): whether the service that answered for the body %s before published the signing key was not checked. Set $%s to the record's path", err, names, knownServicesEnv)})
	default:
		say(w, "  WARNING 警告", labels.Line{
			ZH: fmt.Sprintf("无法读取已知服务记录 %s（%s），未核对签名密钥是否为此前为认证机构 %s 答复的服务所公布的", path, knownServicesErrorZH(err), names),
			EN: fmt.Sprintf("cannot read the record of known services %s (%v): whether the service that answered for the body %s before published the signing key was not checked", path, err, names)})
	}
}
