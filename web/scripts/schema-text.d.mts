export declare const HEADER: string;
export declare function generateSchemaText(spec: unknown): Promise<string>;
