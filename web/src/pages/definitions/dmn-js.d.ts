// dmn-js ships no type declarations: the small part of its Modeler this console uses.
declare module "dmn-js/lib/Modeler" {
  interface DmnViewer {
    get(name: string): { on: (event: string, callback: () => void) => void };
  }
  export default class DmnModeler {
    constructor(options: { container: HTMLElement; common?: Record<string, unknown> });
    importXML(xml: string): Promise<{ warnings: unknown[] }>;
    saveXML(options?: { format?: boolean }): Promise<{ xml?: string }>;
    getViews(): { type: string; element: { id: string } }[];
    open(view: { type: string; element: { id: string } }): Promise<unknown>;
    getActiveViewer(): DmnViewer | undefined;
    destroy(): void;
  }
}
