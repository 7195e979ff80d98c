// The caller's e-signature (catalog §5.2): read it, and store a new version.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";

export interface SignatureState {
  has_signature: boolean;
  version: number | null;
  created_at: string | null;
  image_url: string | null;
}

export const signatureKey = ["me", "signature"] as const;

export function useMySignature() {
  return useQuery({
    queryKey: signatureKey,
    queryFn: () => unwrap(api.GET("/api/v1/me/signature")) as Promise<SignatureState>,
  });
}

export function useSaveSignature() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (image: string) =>
      unwrap(api.PUT("/api/v1/me/signature", { body: { image, source: "pad" } })) as Promise<SignatureState>,
    onSuccess: (state) => queryClient.setQueryData(signatureKey, state),
  });
}
