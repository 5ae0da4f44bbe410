import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n';

/** The part of the Shape Detection API this app uses (not yet in TypeScript's DOM types). */
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}
type BarcodeDetectorClass = new (options?: { formats?: string[] }) => BarcodeDetectorLike;

const detectorClass = (): BarcodeDetectorClass | undefined => (window as unknown as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;

/** Whether this browser can read QR codes from the camera by itself (Chrome on Android, Safari on iOS 17+, …). */
export const canScan = () => detectorClass() !== undefined && typeof navigator.mediaDevices?.getUserMedia === 'function';

/**
 * Reads a QR code with the phone's camera through the browser's own BarcodeDetector: no library,
 * nothing downloaded. Where the browser has none, the screen offers only typing the code.
 * The camera is released as soon as a code is read or the reader cancels.
 */
export function QrScanner({ onCode, onClose, hint }: { onCode(code: string): void; onClose(): void; hint?: string }) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const Detector = detectorClass();
    if (!Detector) return;
    const detector = new Detector({ formats: ['qr_code'] });
    const stop = () => {
      stopped = true;
      clearTimeout(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
    const look = async () => {
      if (stopped || !video.current) return;
      try {
        const [found] = await detector.detect(video.current);
        if (found?.rawValue && !stopped) {
          stop();
          onCode(found.rawValue);
          return;
        }
      } catch {
        // A frame that is not ready yet: look again.
      }
      timer = setTimeout(() => void look(), 200);
    };
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment' }, audio: false })
      .then(async (media) => {
        if (stopped) return media.getTracks().forEach((track) => track.stop());
        stream = media;
        if (!video.current) return;
        video.current.srcObject = media;
        await video.current.play().catch(() => undefined);
        void look();
      })
      .catch(() => setProblem(t('scan.noCamera')));
    return stop;
    // onCode is called once, from the scan that started with this component.
  }, []);

  return (
    <div className="scanner" data-scanner>
      {problem ? (
        <p className="notice notice-error" role="alert">
          {problem}
        </p>
      ) : (
        <>
          <video ref={video} muted playsInline aria-label={t('scan.camera')} />
          <p className="muted small" role="status">
            {hint ?? t('scan.pointAt')}
          </p>
        </>
      )}
      <button type="button" onClick={onClose}>
        {t('scan.stop')}
      </button>
    </div>
  );
}

/**
 * A "Scan the QR code" button that opens the camera reader in its place, where the browser can
 * read QR codes at all; elsewhere nothing (the screen's text field is the way in).
 */
export function ScanButton({ onCode, hint }: { onCode(code: string): void; hint?: string }) {
  const { t } = useI18n();
  const [scanning, setScanning] = useState(false);
  if (!canScan()) return null;
  return scanning ? (
    <QrScanner
      hint={hint}
      onCode={(code) => {
        setScanning(false);
        onCode(code);
      }}
      onClose={() => setScanning(false)}
    />
  ) : (
    <div>
      <button type="button" onClick={() => setScanning(true)} data-scan>
        {t('scan.start')}
      </button>
    </div>
  );
}
