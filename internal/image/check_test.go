package image

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

// withLayer appends a layer holding files (path → content, mode).
func withLayer(t *testing.T, img v1.Image, files map[string]file) v1.Image {
	t.Helper()
	b, err := tarOf(files, time.Unix(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	l, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil })
	if err != nil {
		t.Fatal(err)
	}
	out, err := mutate.AppendLayers(img, l)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Every way an image can go wrong is reported, naming what is wrong.
func TestCheckRejects(t *testing.T) {
	good := build(t, Triage, inputs())
	spec := func(f func(*Spec)) Spec { s := Triage; f(&s); return s }
	noCerts := filepath.Join(t.TempDir(), "empty.crt")
	if err := os.WriteFile(noCerts, []byte("no certificate here\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		img    v1.Image
		limits Limits
		want   string
	}{
		{"root user", build(t, spec(func(s *Spec) { s.User = "0:0" }), inputs()), DefaultLimits, `"0:0" is root`},
		{"root group", build(t, spec(func(s *Spec) { s.User = "65532:0" }), inputs()), DefaultLimits, `"65532:0" is root`},
		{"named user", build(t, spec(func(s *Spec) { s.User = "nonroot" }), inputs()), DefaultLimits, "not numeric"},
		{"other entrypoint", build(t, spec(func(s *Spec) { s.Entrypoint = []string{"triage"} }), inputs()), DefaultLimits, "entrypoint"},
		{"entrypoint not on PATH", build(t, spec(func(s *Spec) { s.Path = "/bin" }), inputs()), DefaultLimits, "resolves to no executable"},
		{"dynamic binary", build(t, Triage, func() Inputs { in := inputs(); in.Binary = "/bin/true"; return in }()), DefaultLimits, "is not static"},
		{"not ELF", build(t, Triage, func() Inputs { in := inputs(); in.Binary = fixture.certs; return in }()), DefaultLimits, "not an ELF binary"},
		{"wrong architecture", build(t, Triage, func() Inputs { in := inputs(); in.Arch = "arm64"; return in }()), DefaultLimits, "image says arm64"},
		{"no labels", build(t, Triage, func() Inputs { in := inputs(); in.Version, in.Revision = "", ""; return in }()), DefaultLimits, "label org.opencontainers.image.version is missing"},
		{"CA bundle without certificates", build(t, Triage, func() Inputs { in := inputs(); in.CACerts = noCerts; return in }()), DefaultLimits, "holds no PEM certificate"},
		{"a shell", withLayer(t, good, map[string]file{"/bin/sh": {[]byte("x"), 0o755}}), DefaultLimits, "/bin/sh is a shell"},
		{"busybox", withLayer(t, good, map[string]file{"/usr/local/bin/busybox": {[]byte("x"), 0o755}}), DefaultLimits, "busybox is a shell or toolbox"},
		{"extra file", withLayer(t, good, map[string]file{"/etc/passwd": {[]byte("root:x:0:0::/:/bin/sh\n"), 0o644}}), DefaultLimits, "want exactly"},
		{"writable by others", withLayer(t, good, map[string]file{Triage.CACerts: {selfSigned(), 0o666}}), DefaultLimits, "group/other-writable"},
		{"setuid binary", withLayer(t, good, map[string]file{Triage.Binary: {mustRead(t, fixture.binary), 0o4755}}), DefaultLimits, "setuid"},
		{"binary whited out", withLayer(t, good, map[string]file{"/usr/local/bin/.wh.triage": {nil, 0o644}}), DefaultLimits, "resolves to no executable"},
		{"too big to pull", good, Limits{MaxCompressed: 1 << 10, MaxUncompressed: DefaultLimits.MaxUncompressed}, "compressed size"},
		{"too big unpacked", good, Limits{MaxCompressed: DefaultLimits.MaxCompressed, MaxUncompressed: 1 << 10}, "unpacked size"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := inspect(t, tt.img).Check(Triage, tt.limits)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Check = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestNonRoot(t *testing.T) {
	for user, ok := range map[string]bool{"65532": true, "65532:65532": true, "1000:1000": true, "0": false, "": false, "root": false, "65532:": false, "65532:root": false} {
		if err := nonRoot(user); (err == nil) != ok {
			t.Errorf("nonRoot(%q) = %v", user, err)
		}
	}
}
