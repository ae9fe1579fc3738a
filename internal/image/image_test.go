package image

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// fixture is a real static binary (testdata/hello built with
// CGO_ENABLED=0) and a one-certificate CA bundle, made once per run.
var fixture struct{ dir, binary, certs string }

func TestMain(m *testing.M) {
	code := func() int {
		dir, err := os.MkdirTemp("", "image-test.")
		if err != nil {
			panic(err)
		}
		defer os.RemoveAll(dir)
		fixture.dir, fixture.binary, fixture.certs = dir, filepath.Join(dir, "hello"), filepath.Join(dir, "ca.crt")
		cmd := exec.Command("go", "build", "-trimpath", "-o", fixture.binary, "./testdata/hello")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			panic("go build ./testdata/hello: " + err.Error() + "\n" + string(out))
		}
		if err := os.WriteFile(fixture.certs, selfSigned(), 0o644); err != nil {
			panic(err)
		}
		return m.Run()
	}()
	os.Exit(code)
}

func selfSigned() []byte {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test CA"}, IsCA: true,
		NotBefore: time.Unix(0, 0), NotAfter: time.Unix(1<<32, 0), BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		panic(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

func inputs() Inputs {
	return Inputs{Binary: fixture.binary, CACerts: fixture.certs, Version: "v1.2.3", Revision: "abc123", Created: time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)}
}

func build(t *testing.T, s Spec, in Inputs) v1.Image {
	t.Helper()
	img, err := Build(s, in)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func inspect(t *testing.T, img v1.Image) Report {
	t.Helper()
	r, err := Inspect(img)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// The built image, read back from every store, is what the Spec says and
// passes every check; building twice gives the same digest.
func TestBuildPassesChecksInEveryStore(t *testing.T) {
	img := build(t, Triage, inputs())
	dir := t.TempDir()
	if err := WriteLayout(filepath.Join(dir, "oci"), "triage:v1.2.3", img); err != nil {
		t.Fatal(err)
	}
	if err := WriteLayout(filepath.Join(dir, "oci"), "triage:v1.2.3", img); err == nil {
		t.Fatal("a second WriteLayout into the same directory succeeded")
	}
	if err := WriteTarball(filepath.Join(dir, "triage.tar"), "triage:v1.2.3", img); err != nil {
		t.Fatal(err)
	}
	fromLayout, err := ReadLayout(filepath.Join(dir, "oci"))
	if err != nil {
		t.Fatal(err)
	}
	fromTar, err := ReadTarball(filepath.Join(dir, "triage.tar"))
	if err != nil {
		t.Fatal(err)
	}
	reg, err := StartRegistry()
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Close()
	ref, err := reg.Push(img, "triage:v1.2.3")
	if err != nil {
		t.Fatal(err)
	}
	pulled, err := reg.Pull(ref)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := img.Digest()
	again, _ := build(t, Triage, inputs()).Digest()
	if again != want {
		t.Errorf("rebuild digest %s, first %s: the build is not reproducible", again, want)
	}
	for name, im := range map[string]v1.Image{"memory": img, "layout": fromLayout, "tarball": fromTar, "registry": pulled} {
		r := inspect(t, im)
		if err := r.Check(Triage, DefaultLimits); err != nil {
			t.Errorf("%s: %v\n%s", name, err, r)
		}
		if r.Resolve() != Triage.Binary || r.Labels[LabelVersion] != "v1.2.3" || r.Labels[LabelRevision] != "abc123" || r.OS != "linux" {
			t.Errorf("%s: report\n%s", name, r)
		}
		if name != "tarball" && r.Digest != want.String() { // a docker tarball keeps layers and config, not the manifest
			t.Errorf("%s: digest %s, built %s", name, r.Digest, want)
		}
	}
	r := inspect(t, img)
	if !strings.Contains(r.String(), "static true") || !strings.Contains(r.String(), "1 certificates") {
		t.Errorf("summary:\n%s", r)
	}
}
