package image

import (
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

// WriteLayout writes img as the only image of a new OCI image layout at dir
// (created; it must not hold a layout already), annotated with ref.
func WriteLayout(dir, ref string, img v1.Image) error {
	if _, err := os.Stat(dir + "/index.json"); err == nil {
		return fmt.Errorf("image: %s already holds an OCI layout; remove it first", dir)
	}
	p, err := layout.Write(dir, empty.Index)
	if err != nil {
		return fmt.Errorf("image: layout %s: %w", dir, err)
	}
	if err := p.AppendImage(img, layout.WithAnnotations(map[string]string{"org.opencontainers.image.ref.name": ref})); err != nil {
		return fmt.Errorf("image: layout %s: %w", dir, err)
	}
	return nil
}

// ReadLayout returns the first image of the OCI layout at dir.
func ReadLayout(dir string) (v1.Image, error) {
	idx, err := layout.ImageIndexFromPath(dir)
	if err != nil {
		return nil, fmt.Errorf("image: read layout %s: %w", dir, err)
	}
	m, err := idx.IndexManifest()
	if err != nil {
		return nil, fmt.Errorf("image: read layout %s: %w", dir, err)
	}
	if len(m.Manifests) == 0 {
		return nil, fmt.Errorf("image: layout %s holds no image", dir)
	}
	img, err := idx.Image(m.Manifests[0].Digest)
	if err != nil {
		return nil, fmt.Errorf("image: read layout %s: %w", dir, err)
	}
	return img, nil
}

// WriteTarball writes img tagged ref as a tarball that "docker load -i"
// and "podman load -i" accept.
func WriteTarball(path, ref string, img v1.Image) error {
	tag, err := name.NewTag(ref)
	if err != nil {
		return fmt.Errorf("image: tag %q: %w", ref, err)
	}
	if err := tarball.WriteToFile(path, tag, img); err != nil {
		return fmt.Errorf("image: tarball %s: %w", path, err)
	}
	return nil
}

// ReadTarball returns the image in a tarball WriteTarball (or docker save) wrote.
func ReadTarball(path string) (v1.Image, error) {
	img, err := tarball.ImageFromPath(path, nil)
	if err != nil {
		return nil, fmt.Errorf("image: read tarball %s: %w", path, err)
	}
	return img, nil
}

// Registry is an OCI distribution registry (go-containerregistry's
// pkg/registry, in memory) served on a loopback port, to prove the push
// path without a daemon or the network. Safe for concurrent use.
type Registry struct {
	Host string // 127.0.0.1:port
	srv  *http.Server
	done chan struct{}
}

// StartRegistry serves an empty registry on 127.0.0.1 until Close.
func StartRegistry() (*Registry, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("image: registry listen: %w", err)
	}
	r := &Registry{Host: ln.Addr().String(), srv: &http.Server{Handler: registry.New(registry.Logger(log.New(io.Discard, "", 0)))}, done: make(chan struct{})}
	go func() { defer close(r.done); _ = r.srv.Serve(ln) }()
	return r, nil
}

// Push uploads img as repo:tag and returns the pushed digest reference.
func (r *Registry) Push(img v1.Image, repoTag string) (name.Digest, error) {
	ref, err := name.NewTag(r.Host+"/"+repoTag, name.Insecure)
	if err != nil {
		return name.Digest{}, fmt.Errorf("image: push %q: %w", repoTag, err)
	}
	if err := remote.Write(ref, img); err != nil {
		return name.Digest{}, fmt.Errorf("image: push %s: %w", ref, err)
	}
	d, err := img.Digest()
	if err != nil {
		return name.Digest{}, fmt.Errorf("image: push %s: %w", ref, err)
	}
	return ref.Context().Digest(d.String()), nil
}

// Pull fetches the image at ref (layers lazily, while the registry runs).
func (r *Registry) Pull(ref name.Reference) (v1.Image, error) {
	img, err := remote.Image(ref)
	if err != nil {
		return nil, fmt.Errorf("image: pull %s: %w", ref, err)
	}
	return img, nil
}

// Close stops serving and waits for the server to end.
func (r *Registry) Close() error {
	err := r.srv.Close()
	<-r.done
	return err
}
