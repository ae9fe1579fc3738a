package image

import (
	"archive/tar"
	"bytes"
	"fmt"
	"io"
	"os"
	"path"
	"runtime"
	"sort"
	"strings"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// Inputs are the files and stamps of one build.
type Inputs struct {
	Binary   string    // path of the static triage binary on this machine
	CACerts  string    // path of the CA bundle to copy; "" means /etc/ssl/certs/ca-certificates.crt
	Version  string    // org.opencontainers.image.version
	Revision string    // org.opencontainers.image.revision
	Created  time.Time // image and file time; zero means the Unix epoch (reproducible)
	Arch     string    // GOARCH of the binary; "" means this machine's
}

// Build makes the image from an empty base: one layer with s.Binary (mode
// 0755) and s.CACerts (0644), both owned by root so the non-root user can
// run and read them but not change them, and a config with s's entrypoint,
// user, PATH and port and the OCI labels. The same inputs give the same
// digest. It reads both files whole; it does not check them (Check does).
func Build(s Spec, in Inputs) (v1.Image, error) {
	if in.CACerts == "" {
		in.CACerts = Triage.CACerts
	}
	if in.Arch == "" {
		in.Arch = runtime.GOARCH
	}
	created := in.Created.UTC().Truncate(time.Second)
	if in.Created.IsZero() {
		created = time.Unix(0, 0).UTC()
	}
	files := map[string]file{}
	for dst, src := range map[string]struct {
		path string
		mode int64
	}{s.Binary: {in.Binary, 0o755}, s.CACerts: {in.CACerts, 0o644}} {
		b, err := os.ReadFile(src.path)
		if err != nil {
			return nil, fmt.Errorf("image: read %s for %s: %w", src.path, dst, err)
		}
		files[dst] = file{data: b, mode: src.mode}
	}
	layerTar, err := tarOf(files, created)
	if err != nil {
		return nil, err
	}
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(layerTar)), nil },
		tarball.WithMediaType(types.OCILayer))
	if err != nil {
		return nil, fmt.Errorf("image: layer: %w", err)
	}
	base := mutate.ConfigMediaType(mutate.MediaType(empty.Image, types.OCIManifestSchema1), types.OCIConfigJSON)
	img, err := mutate.Append(base, mutate.Addendum{Layer: layer, History: v1.History{Created: v1.Time{Time: created}, CreatedBy: "internal/image.Build: " + s.Binary + " " + s.CACerts}})
	if err != nil {
		return nil, fmt.Errorf("image: append layer: %w", err)
	}
	cf, err := img.ConfigFile()
	if err != nil {
		return nil, fmt.Errorf("image: config: %w", err)
	}
	cf = cf.DeepCopy()
	cf.OS, cf.Architecture, cf.Created = "linux", in.Arch, v1.Time{Time: created}
	cf.Config = v1.Config{
		Entrypoint:   s.Entrypoint,
		User:         s.User,
		Env:          []string{"PATH=" + s.Path},
		ExposedPorts: map[string]struct{}{s.Port: {}},
		Labels: map[string]string{LabelVersion: in.Version, LabelRevision: in.Revision, LabelSource: Source,
			LabelCreated: created.Format(time.RFC3339), LabelTitle: "triage"},
	}
	img, err = mutate.ConfigFile(img, cf)
	if err != nil {
		return nil, fmt.Errorf("image: set config: %w", err)
	}
	return img, nil
}

type file struct {
	data []byte
	mode int64
}

// tarOf writes files and every parent directory (0755) as root-owned tar
// entries with time t, in sorted order, with relative names like Docker's.
func tarOf(files map[string]file, t time.Time) ([]byte, error) {
	entries, data := map[string]*tar.Header{}, map[string][]byte{}
	for p, f := range files {
		name := strings.TrimPrefix(path.Clean("/"+p), "/")
		data[name] = f.data
		entries[name] = &tar.Header{Typeflag: tar.TypeReg, Name: name, Mode: f.mode, Size: int64(len(f.data))}
		for d := path.Dir(name); d != "."; d = path.Dir(d) {
			entries[d+"/"] = &tar.Header{Typeflag: tar.TypeDir, Name: d + "/", Mode: 0o755}
		}
	}
	names := make([]string, 0, len(entries))
	for n := range entries {
		names = append(names, n)
	}
	sort.Strings(names)
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, n := range names {
		h := entries[n]
		h.ModTime, h.Format = t, tar.FormatUSTAR
		if err := tw.WriteHeader(h); err != nil {
			return nil, fmt.Errorf("image: tar %s: %w", n, err)
		}
		if h.Typeflag == tar.TypeReg {
			if _, err := tw.Write(data[n]); err != nil {
				return nil, fmt.Errorf("image: tar %s: %w", n, err)
			}
		}
	}
	if err := tw.Close(); err != nil {
		return nil, fmt.Errorf("image: tar: %w", err)
	}
	return buf.Bytes(), nil
}
