package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/triage/triage/internal/image"
)

func mkimage(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// build, inspect (layout and tarball) and extract on a real static binary
// pass; the same steps on a dynamic binary fail the inspection with exit 1.
func TestBuildInspectExtract(t *testing.T) {
	if _, err := os.Stat(image.Triage.CACerts); err != nil {
		t.Skipf("no CA bundle on this machine: %v", err)
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "hello")
	cmd := exec.Command("go", "build", "-o", bin, "../../testdata/hello")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	layout, tarball := filepath.Join(dir, "oci"), filepath.Join(dir, "t.tar")
	code, out, errs := mkimage(t, "build", "--binary", bin, "--version", "v1", "--revision", "abc", "--created", "2026-11-29T09:00:00Z",
		"--layout", layout, "--tarball", tarball, "--push")
	if code != 0 || !strings.Contains(out, "pulled back the same digest, checks pass") || !strings.Contains(out, "built triage:v1") {
		t.Fatalf("build: %d\n%s\n%s", code, out, errs)
	}
	for _, src := range [][]string{{"--layout", layout}, {"--tarball", tarball}} {
		code, out, errs = mkimage(t, append([]string{"inspect"}, src...)...)
		if code != 0 || !strings.Contains(out, "checks      pass") || !strings.Contains(out, "label       org.opencontainers.image.version=v1") {
			t.Errorf("inspect %s: %d\n%s\n%s", src, code, out, errs)
		}
	}
	if code, out, errs = mkimage(t, "extract", "--layout", layout, "--to", filepath.Join(dir, "root")); code != 0 {
		t.Errorf("extract: %d\n%s\n%s", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "root", image.Triage.Binary)); err != nil {
		t.Errorf("extract: %v", err)
	}

	dynamic := filepath.Join(dir, "oci-dynamic")
	if code, out, errs = mkimage(t, "build", "--binary", "/bin/true", "--version", "v1", "--revision", "abc", "--layout", dynamic); code != 0 {
		t.Fatalf("build: %d\n%s\n%s", code, out, errs)
	}
	if code, _, errs = mkimage(t, "inspect", "--layout", dynamic); code != 1 || !strings.Contains(errs, "/usr/local/bin/triage is not static") {
		t.Errorf("inspect of a dynamic binary: exit %d\n%s", code, errs)
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{nil, {"frobnicate"}, {"build"}, {"build", "--binary", "x"}, {"inspect"}, {"inspect", "--layout", "a", "--tarball", "b"}, {"extract", "--layout", "a"}, {"build", "--binary", "b", "--version", "v", "--revision", "r", "--layout", "l", "--created", "yesterday"}} {
		if code, _, errs := mkimage(t, args...); code != 2 || errs == "" {
			t.Errorf("mkimage %q: exit %d, stderr %q; want 2 and a message", args, code, errs)
		}
	}
	if code, _, errs := mkimage(t, "inspect", "--layout", t.TempDir()); code != 1 || !strings.Contains(errs, "read layout") {
		t.Errorf("inspect of an empty dir: exit %d %q", code, errs)
	}
}
