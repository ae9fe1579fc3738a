package image

import (
	"archive/tar"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
)

// Extract writes img's final filesystem under dir (created if missing;
// existing files are not replaced), so it can be run as a read-only root
// (deploy/image.sh). It writes only directories and regular files, with
// their modes, and fails on any other entry: the checked image has none.
func Extract(img v1.Image, dir string) error {
	rc := mutate.Extract(img)
	defer rc.Close()
	err := walkTar(rc, func(h *tar.Header, content io.Reader) error {
		dst := filepath.Join(dir, filepath.FromSlash(path.Clean("/"+h.Name)))
		mode := os.FileMode(h.Mode & 0o777)
		switch h.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(dst, mode); err != nil {
				return err
			}
			return os.Chmod(dst, mode)
		case tar.TypeReg:
			return writeFile(dst, mode, content)
		}
		return fmt.Errorf("%s has tar type %q; only directories and regular files are expected", h.Name, h.Typeflag)
	})
	if err != nil {
		return fmt.Errorf("image: extract into %s: %w", dir, err)
	}
	return nil
}

func writeFile(dst string, mode os.FileMode, r io.Reader) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Chmod(dst, mode) // the umask may have cleared bits
}
