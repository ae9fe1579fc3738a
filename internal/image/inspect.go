package image

import (
	"archive/tar"
	"bytes"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// File is one entry of the image's final filesystem.
type File struct {
	Path     string // absolute, cleaned
	Type     byte   // tar type flag (tar.TypeReg, tar.TypeDir, tar.TypeSymlink, ...)
	Mode     int64  // permission and setuid/setgid/sticky bits
	UID, GID int
	Size     int64
	Link     string // target of a link
}

// Report is what Inspect read from an image.
type Report struct {
	Digest, MediaType string
	OS, Arch          string
	Entrypoint, Cmd   []string
	Env, Ports        []string
	User, WorkingDir  string
	Labels            map[string]string
	Layers            int
	Compressed        int64           // manifest + config + compressed layers: what a pull transfers
	Uncompressed      int64           // bytes of regular files in the final filesystem
	Files             []File          // final filesystem (whiteouts applied), sorted by path
	ELF               map[string]ELF  // every regular file that is an ELF binary
	Certs             map[string]int  // PEM certificates per *.crt or *.pem file
	files             map[string]File // Files by path
}

// Inspect reads img's manifest, config and every layer (whiteouts applied
// in order) into a Report. It reads ELF and certificate files whole.
func Inspect(img v1.Image) (Report, error) {
	var r Report
	wrap := func(err error) (Report, error) { return Report{}, fmt.Errorf("image: inspect: %w", err) }
	d, err := img.Digest()
	if err != nil {
		return wrap(err)
	}
	mt, err := img.MediaType()
	if err != nil {
		return wrap(err)
	}
	raw, err := img.RawManifest()
	if err != nil {
		return wrap(err)
	}
	m, err := img.Manifest()
	if err != nil {
		return wrap(err)
	}
	cf, err := img.ConfigFile()
	if err != nil {
		return wrap(err)
	}
	r.Digest, r.MediaType, r.OS, r.Arch = d.String(), string(mt), cf.OS, cf.Architecture
	c := cf.Config
	r.Entrypoint, r.Cmd, r.Env, r.User, r.WorkingDir, r.Labels = c.Entrypoint, c.Cmd, c.Env, c.User, c.WorkingDir, c.Labels
	for p := range c.ExposedPorts {
		r.Ports = append(r.Ports, p)
	}
	sort.Strings(r.Ports)
	r.Compressed = int64(len(raw)) + m.Config.Size
	layers, err := img.Layers()
	if err != nil {
		return wrap(err)
	}
	r.Layers = len(layers)
	r.files, r.ELF, r.Certs = map[string]File{}, map[string]ELF{}, map[string]int{}
	for i, l := range layers {
		size, err := l.Size()
		if err != nil {
			return wrap(err)
		}
		r.Compressed += size
		if err := r.readLayer(l); err != nil {
			return wrap(fmt.Errorf("layer %d: %w", i, err))
		}
	}
	for _, f := range r.files {
		r.Files = append(r.Files, f)
		if f.Type == tar.TypeReg {
			r.Uncompressed += f.Size
		}
	}
	sort.Slice(r.Files, func(i, j int) bool { return r.Files[i].Path < r.Files[j].Path })
	return r, nil
}

// readLayer applies one layer to r.files.
func (r *Report) readLayer(l v1.Layer) error {
	rc, err := l.Uncompressed()
	if err != nil {
		return err
	}
	defer rc.Close()
	return walkTar(rc, func(h *tar.Header, content io.Reader) error {
		p := path.Clean("/" + h.Name)
		dir, base := path.Split(p)
		if base == ".wh..wh..opq" {
			r.remove(path.Clean(dir), false)
			return nil
		}
		if strings.HasPrefix(base, ".wh.") {
			r.remove(path.Join(dir, strings.TrimPrefix(base, ".wh.")), true)
			return nil
		}
		if old, ok := r.files[p]; !ok || old.Type != tar.TypeDir || h.Typeflag != tar.TypeDir {
			r.remove(p, true) // a new entry replaces the old one and, unless both are directories, its content
		}
		r.files[p] = File{Path: p, Type: h.Typeflag, Mode: h.Mode &^ int64(0o170000), UID: h.Uid, GID: h.Gid, Size: h.Size, Link: h.Linkname}
		if h.Typeflag == tar.TypeReg {
			if err := r.readContent(p, content); err != nil {
				return fmt.Errorf("%s: %w", p, err)
			}
		}
		return nil
	})
}

// walkTar calls fn for every entry of the tar stream r, with the entry's
// content, and stops at the first error.
func walkTar(r io.Reader, fn func(h *tar.Header, content io.Reader) error) error {
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(h, tr); err != nil {
			return err
		}
	}
}

// readContent notes what an ELF binary or certificate bundle at p holds.
func (r *Report) readContent(p string, tr io.Reader) error {
	b, err := io.ReadAll(tr)
	if err != nil {
		return err
	}
	delete(r.ELF, p)
	delete(r.Certs, p)
	if bytes.HasPrefix(b, elfMagic) {
		e, err := readELF(b)
		if err != nil {
			return err
		}
		r.ELF[p] = e
	}
	if strings.HasSuffix(p, ".crt") || strings.HasSuffix(p, ".pem") {
		n := 0
		for rest := b; ; {
			var blk *pem.Block
			if blk, rest = pem.Decode(rest); blk == nil {
				break
			}
			if blk.Type == "CERTIFICATE" {
				n++
			}
		}
		r.Certs[p] = n
	}
	return nil
}

// remove deletes p's descendants, and p itself when self.
func (r *Report) remove(p string, self bool) {
	for q := range r.files {
		if (self && q == p) || strings.HasPrefix(q, strings.TrimSuffix(p, "/")+"/") {
			delete(r.files, q)
			delete(r.ELF, q)
			delete(r.Certs, q)
		}
	}
}
